<!-- ==================================================================== -->
<!-- scielo-pub: frontmatter.mod - table-of-contents title, plain         -->
<!-- abstracts and the history dates, shared by the article and doc       -->
<!-- document types of the SciELO Markup tag set 4.0.                     -->
<!-- ==================================================================== -->

<!ELEMENT toctitle - - (#PCDATA) >
<!ELEMENT abstract - - (#PCDATA) >
<!ATTLIST abstract language CDATA #REQUIRED >

<!-- History: received, any revisions, accepted; dateiso is YYYYMMDD. -->
<!ELEMENT hist     - - (received, revised*, accepted?) >
<!ELEMENT (received | revised | accepted) - - (#PCDATA) >
<!ATTLIST (received | revised | accepted) dateiso CDATA #REQUIRED >
