<!-- ==================================================================== -->
<!-- scielo-pub: issue-atts.mod - the attributes the Markup program puts  -->
<!-- on the root of an article or a text: where the document sits in its  -->
<!-- journal issue (issn, volid, issueno, pages, dateiso YYYYMMDD) and    -->
<!-- its kind (doctopic: oa original article, ed editorial, ...).         -->
<!-- ==================================================================== -->

<!-- In five parts, each literal within the reference LITLEN of 240;
     an ATTLIST lists them all: %issatt1; ... %issatt5;. -->
<!ENTITY % issatt1
   "pii      CDATA #REQUIRED
    doctopic CDATA #REQUIRED
    language CDATA #REQUIRED
    ccode    CDATA #REQUIRED
    status   CDATA #REQUIRED
    version  CDATA #REQUIRED" >
<!ENTITY % issatt2
   "type     NAMES #REQUIRED
    order    CDATA #REQUIRED
    seccode  CDATA #REQUIRED
    sponsor  CDATA #REQUIRED
    stitle   CDATA #REQUIRED
    volid    CDATA #IMPLIED" >
<!ENTITY % issatt3
   "supplvol CDATA #IMPLIED
    issueno  CDATA #IMPLIED
    supplno  CDATA #IMPLIED
    isidpart CDATA #IMPLIED
    dateiso  CDATA #REQUIRED
    fpage    CDATA #REQUIRED" >
<!ENTITY % issatt4
   "lpage    CDATA #REQUIRED
    pagcount CDATA #REQUIRED
    issn     CDATA #REQUIRED
    old-pid  CDATA #IMPLIED
    rvpdate  CDATA #IMPLIED
    artdate  CDATA #IMPLIED" >
<!ENTITY % issatt5
   "hcomment CDATA #IMPLIED
    ahpdate  CDATA #IMPLIED" >
