<!-- ==================================================================== -->
<!-- scielo-pub: citation.mod - bibliographic references of the SciELO    -->
<!-- Markup tag set 4.0, in its five citation styles. Each style has a    -->
<!-- list element (vancouv, iso690, abnt6023, apa, other) holding         -->
<!-- citations (vcitat, icitat, acitat, pcitat, ocitat) made of a         -->
<!-- contribution (analytic level: article, chapter), a serial level and  -->
<!-- a monographic level. Written for scielo-pub.                         -->
<!-- ==================================================================== -->

<!-- Every style list carries the same two attributes. -->
<!ENTITY % stylatt
   "standard CDATA #REQUIRED
    count    CDATA #REQUIRED" >

<!-- Authors of a part: persons and bodies, maybe closed by "et al". -->
<!ENTITY % who      "((author | corpauth)*, et-al?)" >
<!ENTITY % owho     "((oauthor | ocorpaut)*, et-al?)" >

<!-- How a citation begins: the reference as printed, then its number. -->
<!ENTITY % cithead  "text-ref?, no?" >

<!-- ============================ leaves ================================ -->

<!ELEMENT (text-ref | et-al | tp | stitle | inpress | volid | issueno | suppl
          | part | extent | pages | edition | version | pubname | publoc
          | section | location)
                   - - (#PCDATA) >
<!ELEMENT (isstitle | medium | notes | issn | isdesig | coltitle | isbn
          | sertitle | tome | colvolid | previous | anonym | othinfo | degree
          | patent)
                   - - (#PCDATA) >
<!ELEMENT url      - - CDATA >
<!ELEMENT cited    - - (#PCDATA) >
<!ATTLIST cited    dateiso  CDATA #REQUIRED >
<!ELEMENT update   - - (#PCDATA) >
<!ATTLIST update   dateiso  CDATA #REQUIRED >

<!-- ============================ shared pieces ========================= -->

<!ELEMENT patgrp   - - (orgname, patent, date?) >
<!ATTLIST patgrp   country  CDATA #REQUIRED >
<!ELEMENT thesis   - - (city? & state? & country? & date? & degree? & (orgname? & orgdiv?)?) >
<!ELEMENT subresp  - - (%pname;) >
<!ATTLIST subresp  role     CDATA #REQUIRED >
<!ELEMENT oauthor  - - (%pname; | anonym | previous) >
<!ATTLIST oauthor  role     NAMES  #REQUIRED
                   rid      IDREFS #IMPLIED >
<!ELEMENT ocorpaut - - (%org; | previous) >

<!-- ============================ Vancouver ============================= -->

<!ELEMENT vancouv  - - (vcitat+) >
<!ATTLIST vancouv  %stylatt; >
<!ELEMENT vcitat   - - (%cithead;, (vcontrib? & viserial? & vmonog?)) >
<!ELEMENT vcontrib - - (%who;, vtitle?, patgrp?) >
<!ELEMENT vtitle   - - (%titling;, tp?) >
<!ELEMENT viserial - - (vstitle & (date | inpress | volid | issueno | suppl | part | cited
                        | extent | pages | url | doi | pubid)*) >
<!ELEMENT vstitle  - - (stitle, tp?) >
<!ELEMENT vmonog   - - (%who; & (edition | volid | part | confgrp | vtitle | date | version
                        | city | state | country | pubname | inpress | pages | extent
                        | report | thesis | url | doi | pubid | cited | patgrp | coltitle)*) >

<!-- ============================ ISO 690 =============================== -->

<!ELEMENT iso690   - - (icitat+) >
<!ATTLIST iso690   %stylatt; >
<!ELEMENT icitat   - - (%cithead;, (icontrib? & iiserial? & imonog?)) >
<!ELEMENT icontrib - - (%who;, subresp*, date?, (%titling;)?) >
<!ELEMENT iiserial - - (isstitle?, %who;, medium?, (stitle | sertitle)?,
                        (issn | update | date | city | state | country | pubname | volid
                        | issueno | pages | doi | pubid | notes)*,
                        (url & cited)?) >
<!ELEMENT imonog   - - (%who;, (update?, date?), (%titling;), medium?, subresp?,
                        (edition | city | state | country | pubname | date | update | volid
                        | part | pages | extent | coltitle | notes | isbn | patgrp | report)*,
                        (url & cited)?, (doi? & pubid*)) >

<!-- ============================ ABNT NBR 6023 ========================= -->

<!ELEMENT abnt6023 - - (acitat+) >
<!ATTLIST abnt6023 %stylatt; >
<!ELEMENT acitat   - - (%cithead;, (acontrib? & amonog? & aiserial? & confgrp?)) >
<!ELEMENT acontrib - - (%who; & (%titling;) & volid? & pages? & patgrp?) >
<!ELEMENT aiserial - - ((sertitle | stitle)? & isstitle? & (city | state | country | pubname
                        | suppl | volid | issueno | date | extent | pages | notes | issn | url
                        | doi | pubid | cited)*) >
<!ELEMENT amonog   - - (%who; | (%titling;) | subresp | edition | confgrp | city | state
                        | country | pubname | date | volid | part | tome | extent | pages
                        | coltitle | colvolid | notes | isbn | thesis | url | doi | pubid
                        | cited | patgrp | report)* >

<!-- ============================ APA =================================== -->

<!ELEMENT apa      - - (pcitat+) >
<!ATTLIST apa      %stylatt; >
<!ELEMENT pcitat   - - (text-ref?, pcontrib?, (piserial | pmonog)) >
<!ELEMENT pcontrib - - ((author+ | corpauth+), date, (%titling;)) >
<!ELEMENT piserial - - (sertitle, volid, issueno?, suppl?, pages, (cited, url)?,
                        (doi? & pubid*)) >
<!ELEMENT pmonog   - - ((author* | corpauth*)?, date?,
                        ((((coltitle, colvolid?)? & (%titling;)?)+,
                          ((edition?, pages?, (city?, state?, country?, pubname?)+) | thesis)?)
                         | confgrp),
                        (cited, url)?, (doi? & pubid*), (notes | othinfo)?) >

<!-- ============================ other ================================= -->

<!ELEMENT other    - - (ocitat+) >
<!ATTLIST other    %stylatt; >
<!ELEMENT ocitat   - - (%cithead;, (ocontrib | omonog | oiserial | confgrp)*) >
<!ELEMENT ocontrib - - (%owho; & (%titling;)? & date? & pages? & patgrp?) >
<!ELEMENT omonog   - - (%owho; & ((%titling;)? & confgrp? & thesis? & date? & pages?
                        & edition? & city? & state? & country? & pubname? & extent?
                        & coltitle? & volid? & part? & isbn? & othinfo? & url? & cited?
                        & patgrp? & report? & doi?))+ >
<!ELEMENT oiserial - - ((sertitle | stitle)? & (isstitle? & othinfo? & city? & country?
                        & pubname? & volid? & issueno? & suppl? & pages? & extent? & date?
                        & issn? & url? & cited? & doi? & pubid?)+) >
