<!-- ==================================================================== -->
<!-- scielo-pub: common.mod - elements shared by the article, text and    -->
<!-- doc document types of the SciELO Markup tag set, version 4.0.        -->
<!--                                                                      -->
<!-- Written for scielo-pub. It accepts the documents SciELO's Markup     -->
<!-- program produces for the 4.0 DTDs; in addition it declares the       -->
<!-- element types those DTDs name but never declare (cpyear, cpholder,   -->
<!-- alttext; art4_0.dtd adds response) and lets xref/sig point at      -->
<!-- figures, tables and footnotes, whose ids are plain CDATA.            -->
<!-- Names are at most 8 characters long (NAMELEN of the declaration).    -->
<!-- ==================================================================== -->

<!-- ============================ parameters ============================ -->

<!-- Things that may float into almost any content (an inclusion). -->
<!ENTITY % floats
   "aff | corresp | ign | tabwrap | figgrps | figgrp | equation | cltrial
    | xref | uri | sciname | quote | element | graphic | supplmat | related
    | product | sup | cpright | licinfo" >

<!-- A person's name, an organisation, a title with optional subtitle. -->
<!ENTITY % pname "(fname? & surname & ctrbid*)" >
<!ENTITY % org "(orgname? & orgdiv?)" >
<!ENTITY % titling  "title, subtitle?" >

<!-- Place of a conference, a thesis or an affiliation. -->
<!ENTITY % place    "(city?, state?, country?)" >

<!-- Column attributes of table cells. -->
<!ENTITY % cellatt
   "align    CDATA #IMPLIED
    rowspan  CDATA #IMPLIED
    colspan  CDATA #IMPLIED" >

<!-- A graphic, a MathML or a TeX formula. -->
<!ENTITY % visual   "graphic | mmlmath | texmath" >

<!-- Blocks of an xmlbody, a section and a subsection. -->
<!ENTITY % bodyblk  "sec | p | txtblock | boxedtxt | versegrp | sigblock | deflist | list" >
<!ENTITY % secblk   "subsec | p | boxedtxt | versegrp | deflist | list" >
<!ENTITY % subblk   "subsec | p | list" >

<!-- ============================ unparsed text ========================= -->
<!-- Declared content CDATA: markup inside is not recognised.             -->

<!ELEMENT ign      - - CDATA >
<!ELEMENT title    - - CDATA >
<!ATTLIST title    language CDATA #REQUIRED >
<!ELEMENT subtitle - - CDATA >
<!ELEMENT attrib   - - CDATA >
<!ELEMENT texmath  - - CDATA >
<!ELEMENT mmlmath  - - CDATA >
<!ELEMENT pubid    - - CDATA >
<!ATTLIST pubid    idtype CDATA #REQUIRED >

<!-- ============================ plain text leaves ===================== -->

<!ELEMENT (zipcode | email | city | state | country | orgdiv1 | orgdiv2
          | caption | elemattr | ctreg | uri | graphic | sciname | quote
          | sup | licinfo)
                   - - (#PCDATA) >
<!ELEMENT (fname | surname | onbehalf | orgname | orgdiv | confname | no
          | projname | contract | date | doi | term | def | role | licensep
          | fundsrc | cpyear | cpholder | alttext)
                   - - (#PCDATA) >

<!ATTLIST elemattr name     CDATA #REQUIRED
                   value    CDATA #REQUIRED >
<!ATTLIST ctreg    cturl    CDATA #REQUIRED
                   ctdbid   CDATA #REQUIRED >
<!ATTLIST uri      href     CDATA #REQUIRED >
<!ATTLIST graphic  href     CDATA #REQUIRED >
<!ATTLIST licinfo  language CDATA #REQUIRED
                   href     CDATA #REQUIRED >
<!ATTLIST date     dateiso  CDATA #IMPLIED
                   specyear CDATA #IMPLIED >

<!-- ============================ titles and people ===================== -->

<!ELEMENT titlegrp - - (%titling;)+ >

<!ELEMENT authgrp  - - ((author+, onbehalf?) | corpauth)+ >
<!ELEMENT author   - - (%pname; | previous) >
<!ATTLIST author   role     NAMES  #REQUIRED
                   rid      IDREFS #IMPLIED
                   corresp  CDATA  #IMPLIED
                   deceased CDATA  #IMPLIED
                   eqcontr  CDATA  #IMPLIED >
<!ELEMENT corpauth - - (%org; | previous) >
<!ELEMENT ctrbid   - - (#PCDATA) >
<!ATTLIST ctrbid   ctrbidtp NAMES  #REQUIRED >

<!-- ============================ affiliations, correspondence ========== -->

<!-- Affiliation as typed (the institution in attributes) ... -->
<!ELEMENT aff      - - (label? & role? & city? & state? & country? & zipcode?
                        & email* & (#PCDATA)?) >
<!ATTLIST aff      id       ID    #REQUIRED
                   orgname  CDATA #REQUIRED
                   orgdiv1  CDATA #IMPLIED
                   orgdiv2  CDATA #IMPLIED
                   orgdiv3  CDATA #IMPLIED >

<!-- ... and normalised (the institution tagged, its normal form in attributes). -->
<!ELEMENT normaff  - - (label? & role? & orgname & orgdiv1? & orgdiv2? & city?
                        & state? & country? & zipcode? & email* & (#PCDATA)?) >
<!ATTLIST normaff  id       ID    #REQUIRED
                   ncountry CDATA #REQUIRED
                   norgname CDATA #REQUIRED
                   icountry CDATA #REQUIRED >

<!ELEMENT corresp  - - (label? & email+ & (#PCDATA)?) >
<!ATTLIST corresp  id       ID    #REQUIRED >

<!-- ============================ figures, tables, formulas ============= -->

<!ELEMENT label    - - (#PCDATA | sup) >

<!ELEMENT figgrps  - - (label?, caption?, figgrp+) >
<!ATTLIST figgrps  id       CDATA #REQUIRED >
<!ELEMENT figgrp   - - (((%visual;)+ & notes? & alttext? & attrib?)+, (label?, caption)?) >
<!ATTLIST figgrp   id       CDATA #REQUIRED
                   ftype    CDATA #IMPLIED
                   filename CDATA #IMPLIED >

<!ELEMENT tabwrap  - - ((label?, caption)? & (table | graphic)+ & fntable*) >
<!ATTLIST tabwrap  id       CDATA #REQUIRED
                   filename CDATA #IMPLIED >
<!ELEMENT table    - - (thead?, tbody) >
<!ELEMENT (thead | tbody) - - (tr+) >
<!ELEMENT tr       - - (td+ | th+) >
<!ELEMENT (td | th) - - (#PCDATA) +(%floats;) >
<!ATTLIST (td | th) %cellatt; >
<!ELEMENT fntable  - - (label?, (#PCDATA)) +(%floats;) >
<!ATTLIST fntable  id       CDATA #REQUIRED >

<!ELEMENT equation - - ((%visual;)+, label?) >
<!ATTLIST equation id       CDATA #REQUIRED >

<!ELEMENT supplmat - - (label?, caption?, #PCDATA) >
<!ATTLIST supplmat id       CDATA #REQUIRED
                   href     CDATA #REQUIRED >

<!ELEMENT element  - - (elemattr*, element*) >
<!ATTLIST element  name     CDATA #REQUIRED >

<!ELEMENT cltrial  - - (ctreg+) >

<!-- Cross-reference: rid names one or more targets (ids of any kind). -->
<!ELEMENT xref     - - (#PCDATA | graphic) >
<!ATTLIST xref     ref-type CDATA #IMPLIED
                   rid      CDATA #REQUIRED
                   label    CDATA #IMPLIED >

<!ELEMENT cpright  - - (cpyear? | cpholder? | (#PCDATA)) >

<!-- ============================ links to other documents ============== -->

<!ELEMENT deposit  - O EMPTY >
<!ATTLIST deposit  embdate  CDATA #REQUIRED
                   entrdate CDATA #REQUIRED
                   deposid  CDATA #REQUIRED >
<!ELEMENT related  - O EMPTY >
<!ATTLIST related  id       ID    #IMPLIED
                   reltp    CDATA #REQUIRED
                   pid-doi  CDATA #REQUIRED >
<!ELEMENT product  - - ((author | corpauth | title | date | sertitle | pubname | city
                        | state | country | isbn | othinfo)+) >
<!ATTLIST product  prodtype CDATA #REQUIRED >

<!-- ============================ conferences, theses, reports, funding = -->

<!ELEMENT confgrp  - - (sponsor* & (confname & no?)+ & date? & %place;) >
<!ELEMENT sponsor  - - (%org;) >
<!ELEMENT thesgrp  - - (city? & state? & country? & date? & degree? & (%org;)?) >
<!ELEMENT report   - - ((contract* & rsponsor* & no? & projname?)+)+ >
<!ELEMENT rsponsor - - (%org; & contract*) >
<!ELEMENT funding  - - (award+) >
<!ELEMENT award    - - (contract+ & fundsrc+) >

<!-- ============================ structured text ======================= -->

<!ELEMENT xmlabstr - - (sectitle?, (sec | p)+) >
<!ATTLIST xmlabstr language CDATA #REQUIRED >
<!ELEMENT txtblock - - (sec | p | list)+ >
<!ATTLIST txtblock language CDATA #REQUIRED
                   blcktype CDATA #REQUIRED >

<!ELEMENT xmlbody  - - (%bodyblk;)+ >
<!ELEMENT sec      - - (sectitle, (%secblk;)+) >
<!ATTLIST sec      sec-type CDATA #IMPLIED >
<!ELEMENT subsec   - - (sectitle, (%subblk;)+) >
<!ELEMENT sectitle - - (#PCDATA) +(%floats;) >
<!-- The end tags of p and li may be left out: the next block ends them. -->
<!ELEMENT p        - O ((#PCDATA) & (report* | funding))+ +(%floats;) >
<!ELEMENT list     - - (li)+ >
<!ATTLIST list     listtype CDATA #REQUIRED >
<!ELEMENT li       - O (label?, #PCDATA) +(%floats;) >
<!ELEMENT deflist  - - (sectitle?, defitem+) >
<!ATTLIST deflist  id       ID    #REQUIRED >
<!ELEMENT defitem  - - (term, def+) >
<!ELEMENT boxedtxt - - (sectitle?, p+) >
<!ATTLIST boxedtxt id       ID    #REQUIRED >
<!ELEMENT versegrp - - (label?, (versline | versegrp)+, attrib?) >
<!ELEMENT versline - - (#PCDATA) +(%floats;) >
<!ELEMENT sigblock - - (sig, role)+ >
<!ELEMENT sig      - - (#PCDATA) +(%floats;) >
<!ATTLIST sig      rid      CDATA #IMPLIED
                   role     CDATA #IMPLIED >

<!-- ============================ back matter pieces ==================== -->

<!ELEMENT ack      - - (sectitle, p) >
<!ELEMENT glossary - - (sectitle?, (glossary | deflist)+) >
<!ELEMENT appgrp   - - (app+) >
<!ELEMENT app      - - (label, sectitle?, p*) +(%floats;) >
<!ATTLIST app      id       ID    #REQUIRED >
<!ELEMENT fngrp    - - (sectitle?, fn+) >
<!ELEMENT fn       - - (label?, ((#PCDATA) & funding?)) +(%floats;) >
<!ATTLIST fn       id       CDATA #REQUIRED
                   fntype   CDATA #REQUIRED >
<!ELEMENT licenses - - (license)+ >
<!ELEMENT license  - - (licensep) >
<!ATTLIST license  language CDATA #REQUIRED
                   lictype  CDATA #REQUIRED
                   href     CDATA #REQUIRED >
