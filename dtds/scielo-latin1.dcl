<!SGML "ISO 8879:1986"
 -- scielo-pub: SGML declaration for SciELO Markup documents stored as ISO 8859-1 (Latin-1).
    Square-bracket tags ([name ...] / [/name]), case-folded names, tag omission and unquoted
    attribute values. Names stay within the reference NAMELEN of 8 characters, as SciELO's
    Markup program writes them; literals may be longer than the reference LITLEN. --
 CHARSET
  BASESET "ISO 646IRV:1991//CHARSET International Reference Version (IRV)//ESC 2/8 4/2"
  DESCSET   0   9  UNUSED
            9   2  9
           11   2  UNUSED
           13   1  13
           14  18  UNUSED
           32  95  32
          127   1  UNUSED
  BASESET "ISO Registration Number 100//CHARSET ECMA-94 Right Part of Latin Alphabet Nr. 1//ESC 2/13 4/1"
  DESCSET 128  32  UNUSED
          160  96  32
 CAPACITY SGMLREF
          TOTALCAP 2000000
          ENTCAP   500000
          ENTCHCAP 500000
          ELEMCAP  100000
          GRPCAP   200000
          EXGRPCAP 50000
          EXNMCAP  50000
          ATTCAP   100000
          ATTCHCAP 500000
          AVGRPCAP 50000
          NOTCAP   50000
          NOTCHCAP 50000
          IDCAP    500000
          IDREFCAP 500000
          MAPCAP   50000
          LKSETCAP 50000
          LKNMCAP  50000
 SCOPE    DOCUMENT
 SYNTAX
  SHUNCHAR CONTROLS 0 1 2 3 4 5 6 7 8 9 11 12 14 15 16 17 18 19
           20 21 22 23 24 25 26 27 28 29 30 31 127
  BASESET  "ISO 646IRV:1991//CHARSET International Reference Version (IRV)//ESC 2/8 4/2"
  DESCSET  0 128 0
  FUNCTION RE 13
           RS 10
           SPACE 32
           TAB SEPCHAR 9
  NAMING   LCNMSTRT ""
           UCNMSTRT ""
           LCNMCHAR "-."
           UCNMCHAR "-."
           NAMECASE GENERAL YES
                    ENTITY  NO
  DELIM    GENERAL  SGMLREF
                    STAGO "["
                    ETAGO "[/"
                    TAGC  "]"
           SHORTREF SGMLREF
  NAMES    SGMLREF
  QUANTITY SGMLREF
           ATTCNT   60
           ATTSPLEN 65000
           GRPCNT   64
           GRPGTCNT 512
           LITLEN   65000
           TAGLEN   65000
           TAGLVL   64
 FEATURES
  MINIMIZE DATATAG NO OMITTAG YES RANK NO SHORTTAG YES
  LINK     SIMPLE NO IMPLICIT NO EXPLICIT NO
  OTHER    CONCUR NO SUBDOC NO FORMAL NO
 APPINFO NONE>
