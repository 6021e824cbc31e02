"""Apply translations from a JSON file {lang: {msgid: msgstr or [plural forms]}} to the .po files.

Usage: .venv/bin/python bin/apply_translations.py new-strings.json && make messages
"""
import polib, sys, json
T = json.load(open(sys.argv[1]))
for lang, table in T.items():
    f = f"townhall/locale/{lang}/LC_MESSAGES/django.po"
    po = polib.pofile(f)
    for e in po:
        if e.msgid in table:
            v = table[e.msgid]
            if isinstance(v, list):
                e.msgstr_plural = {i: s for i, s in enumerate(v)}
            else:
                e.msgstr = v
            if "fuzzy" in e.flags: e.flags.remove("fuzzy")
    po.save(f)
    left = [e.msgid for e in po if not e.obsolete and (not e.translated() or e.fuzzy)]
    print(lang, "untranslated:", left)
