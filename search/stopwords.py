"""Our stop-word lists, by language: the function words the Elasticsearch language analysers
drop before finding word forms (a node without the analysis-common module has no lists of its
own). Written after normalising: lower case, the Ukrainian apostrophe as '."""

_LISTS = {
    "en": """a an and are as at be been but by for from had has have in into is it its of on or
        that the their there these they this those to was were which will with""",
    "nl": """aan al als bij dan dat de deze die dit door een en er het hij hun in is maar met
        naar niet of om ook op over te ten ter tot uit van voor was waren werd werden wordt
        worden zij zijn""",
    "pl": """a aby albo ale by bez co czy dla do gdy go i ich jak jako jego jej jest już lub na
        nad nie o od oraz po pod przez przy się są ta tak także te tego tej ten też to tylko
        tym w we z za ze że""",
    "uk": """а або але б би бо в вже від для до же з за зі із й його її їх і на над не ні по
        при про під та також те той тощо у це цей ці ця через чи що щоб як який яка які""",
}
STOP_WORDS = {code: words.split() for code, words in _LISTS.items()}
