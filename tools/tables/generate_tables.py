#!/usr/bin/env python3
"""Generate Vigil's normalization tables (docs/normalization.md) as compact Swift data.

Usage: tools/tables/generate_tables.py [--check]

Writes Sources/VigilEngine/Text/Tables/*.swift, one file per table, each a
`StaticString` of compact text that `UnicodeTables` parses once at start-up and
`ScalarFolding` composes into the flat per-scalar table. With --check, regenerates into memory and exits 1
when a committed file differs (for CI or review).

Sources (Debian packages; install with
`apt-get install unicode-data opencc python3-confusable-homoglyphs`):

  unicode-data  /usr/share/unicode/{UnicodeData,CaseFolding,DerivedCoreProperties,
                Scripts,EquivalentUnifiedIdeograph}.txt and Unihan_Readings.txt.bz2 — Unicode Character
                Database 15.0, Unicode License v3 (https://www.unicode.org/license.txt)
  opencc        /usr/share/opencc/TSCharacters.ocd2, converted with `opencc_dict`
                — OpenCC, Apache License 2.0
  python3-confusable-homoglyphs
                confusable_homoglyphs/confusables.json — derived from Unicode
                UTS #39 confusables.txt (Unicode License v3); the package is MIT

Each table is one normalization step; the Swift side composes the steps a rule
asks for. Mapping tables are whitespace-separated entries, all numbers hex:
  S:T          scalar S folds to scalar T
  S+N:T        the N scalars S, S+1, … fold to T, T+1, …
  S:T1.T2.T3   S folds to a sequence (an expansion), at most 4 scalars
The class table is runs `<start hex><class letter>` covering U+0000–U+10FFFF.
The pinyin table is documented in PinyinData.swift.
"""
import bz2
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "Sources", "VigilEngine", "Text", "Tables")
UCD = "/usr/share/unicode"
OPENCC_TS = "/usr/share/opencc/TSCharacters.ocd2"
CONFUSABLES_JSON = "/usr/lib/python3/dist-packages/confusable_homoglyphs/confusables.json"

UNICODE_LICENSE = "Unicode License v3 (https://www.unicode.org/license.txt)"

# ---------------------------------------------------------------------------
# Unicode Character Database


def read_unicode_data():
    """code point -> (name, general category, decomposition tag, decomposition, numeric)."""
    data = {}
    first = None
    with open(os.path.join(UCD, "UnicodeData.txt"), encoding="utf-8") as f:
        for line in f:
            fields = line.rstrip("\n").split(";")
            cp = int(fields[0], 16)
            name, gc, decomp, numeric = fields[1], fields[2], fields[5], fields[8]
            if name.endswith(", First>"):
                first = cp
                continue
            if name.endswith(", Last>"):
                for c in range(first, cp + 1):
                    data[c] = (name[1:-7], gc, None, [], "")
                continue
            tag = None
            parts = decomp.split()
            if parts and parts[0].startswith("<"):
                tag = parts[0][1:-1]
                parts = parts[1:]
            data[cp] = (name, gc, tag, [int(p, 16) for p in parts], numeric)
    return data


def read_property_ranges(path, wanted):
    """Set of code points listed in a UCD property file with a value in `wanted`."""
    result = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            cps, value = [x.strip() for x in line.split(";")[:2]]
            if value not in wanted:
                continue
            if ".." in cps:
                a, b = cps.split("..")
                r = range(int(a, 16), int(b, 16) + 1)
            else:
                r = [int(cps, 16)]
            for c in r:
                result[c] = value
    return result


UD = read_unicode_data()
SCRIPT = read_property_ranges(os.path.join(UCD, "Scripts.txt"), {
    "Latin", "Greek", "Cyrillic", "Armenian", "Cherokee", "Coptic", "Georgian", "Lisu",
    "Canadian_Aboriginal", "Runic", "Tifinagh",
    "Han", "Hiragana", "Katakana", "Hangul", "Bopomofo", "Yi", "Thai", "Lao", "Khmer",
    "Myanmar", "Tangut", "Nushu", "Khitan_Small_Script", "Common", "Inherited"})
IGNORABLE = read_property_ranges(os.path.join(UCD, "DerivedCoreProperties.txt"),
                                 {"Default_Ignorable_Code_Point"})

# Scripts written without spaces between words: keywords inside them need no word boundary.
UNSPACED = {"Han", "Hiragana", "Katakana", "Hangul", "Bopomofo", "Yi", "Thai", "Lao", "Khmer",
            "Myanmar", "Tangut", "Nushu", "Khitan_Small_Script"}
# Scripts whose letters may be folded to Latin look-alikes (never CJK).
CONFUSABLE_SCRIPTS = {"Latin", "Greek", "Cyrillic", "Armenian", "Cherokee", "Coptic", "Georgian",
                      "Lisu", "Canadian_Aboriginal", "Runic", "Tifinagh"}
# Scripts whose letters lose their accents (canonical decomposition, marks dropped).
ACCENT_SCRIPTS = {"Latin", "Greek", "Cyrillic", "Common"}
LINE_BREAKS = {0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029}


def gc(cp):
    return UD[cp][1] if cp in UD else "Cn"


def is_mark(cp):
    return gc(cp) in ("Mn", "Me")


def char_class(cp):
    """One letter per scalar (none a hex digit): i ignorable, m mark, n line break, s separator,
    w word, o other content."""
    g = gc(cp)
    if cp in LINE_BREAKS:
        return "n"
    if cp in IGNORABLE or g == "Cf" or 0x1F3FB <= cp <= 0x1F3FF:
        return "i"  # invisible, or an emoji skin-tone modifier that only decorates
    if g in ("Mn", "Me"):
        return "m"
    if g == "Cn":
        # Unassigned: content inside the CJK blocks (newer ideographs), otherwise a separator.
        if 0x3400 <= cp <= 0x9FFF or 0x20000 <= cp <= 0x3FFFF:
            return "o"
        return "s"
    if g[0] in "ZPS" or g in ("Cc", "Cs", "Co"):
        return "s"
    # Letters, numbers, spacing marks.
    if SCRIPT.get(cp) in UNSPACED:
        return "o"
    return "w"


def class_runs():
    out = []
    previous = None
    for cp in range(0x110000):
        c = char_class(cp)
        if c != previous:
            out.append("%x%s" % (cp, c))
            previous = c
    return out


# ---------------------------------------------------------------------------
# Mapping helpers


def full_decomposition(cp, compat):
    """Recursive decomposition of one scalar (canonical, and compatibility when `compat`)."""
    if cp not in UD:
        return [cp]
    _, _, tag, parts, _ = UD[cp]
    if not parts or (tag is not None and not compat):
        return [cp]
    out = []
    for p in parts:
        out.extend(full_decomposition(p, compat))
    return out


def encode_mappings(mapping):
    """Sorted {source: [targets]} -> list of tokens, single-scalar runs merged."""
    tokens = []
    items = sorted(mapping.items())
    i = 0
    while i < len(items):
        src, dst = items[i]
        if len(dst) == 1:
            n = 1
            while (i + n < len(items) and items[i + n][0] == src + n
                   and len(items[i + n][1]) == 1 and items[i + n][1][0] == dst[0] + n):
                n += 1
            tokens.append("%x+%x:%x" % (src, n, dst[0]) if n > 1 else "%x:%x" % (src, dst[0]))
            i += n
        else:
            tokens.append("%x:%s" % (src, ".".join("%x" % d for d in dst)))
            i += 1
    return tokens


# ---------------------------------------------------------------------------
# Step tables

WIDTH_TAGS = {"wide", "narrow", "circle", "font", "square", "super", "sub", "small", "compat",
              "noBreak", "vertical"}
ENCLOSED_BLOCKS = [(0x2460, 0x24FF), (0x2776, 0x2793), (0x3200, 0x32FF), (0x1F100, 0x1F1FF)]
ENCLOSED_LETTER = re.compile(r"^(?:NEGATIVE )?(?:CIRCLED|SQUARED|PARENTHESIZED) LATIN (CAPITAL|SMALL) LETTER ([A-Z])$")


def in_blocks(cp, blocks):
    return any(a <= cp <= b for a, b in blocks)


def width_table():
    """Width and compatibility forms: full-width ASCII, ideographic space, circled, parenthesized
    and enclosed letters and digits, mathematical alphanumerics, ligatures, Kangxi radicals.
    A letter whose compatibility form is another non-ASCII letter but which looks like an ASCII
    one is left to the confusables step (ϲ is a c, not a ς)."""
    table = {}
    look_alikes = raw_confusables()
    for cp, (name, g, tag, parts, numeric) in UD.items():
        if SCRIPT.get(cp) in ("Hangul",) or 0x3131 <= cp <= 0x318F:
            continue  # Hangul compatibility jamo would turn into conjoining jamo
        if 0x1F1E6 <= cp <= 0x1F1FF:
            continue  # regional indicators make flags, not letters
        out = None
        if tag in WIDTH_TAGS and parts:
            out = full_decomposition(cp, compat=True)
            if in_blocks(cp, ENCLOSED_BLOCKS):
                out = [c for c in out if c not in (0x28, 0x29, 0x2E, 0x2C, 0x20)]
        elif in_blocks(cp, ENCLOSED_BLOCKS) and not parts:
            m = ENCLOSED_LETTER.match(name)
            if m:
                out = [ord(m.group(2))]
            elif g == "No" and re.fullmatch(r"\d{1,2}", numeric or ""):
                out = [ord(d) for d in numeric]
        if not out or out == [cp]:
            continue
        if 0x20 in out and out != [0x20]:
            continue  # spacing accents (¨ → space + mark) stay separators
        if len(out) > 4:
            continue
        if cp in look_alikes and not all(c < 0x80 for c in out):
            continue
        table[cp] = out
    # CJK radicals that stand for an ideograph (⻄ → 西), where no decomposition says so.
    with open(os.path.join(UCD, "EquivalentUnifiedIdeograph.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            cps, target = [x.strip() for x in line.split(";")]
            a, _, b = cps.partition("..")
            for cp in range(int(a, 16), int(b or a, 16) + 1):
                table.setdefault(cp, [int(target, 16)])
    return table


def case_table():
    """Unicode case folding, CaseFolding.txt: statuses C and S, and F where no S exists."""
    simple, full = {}, {}
    with open(os.path.join(UCD, "CaseFolding.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            code, status, mapping = [x.strip() for x in line.split(";")[:3]]
            cp, targets = int(code, 16), [int(x, 16) for x in mapping.split()]
            if status in ("C", "S"):
                simple[cp] = targets
            elif status == "F":
                full[cp] = targets
    table = dict(simple)
    for cp, targets in full.items():
        if cp not in table and len(targets) <= 4:
            table[cp] = targets
    return table


def accent_table():
    """Letters lose their accents: canonical decomposition with combining marks dropped
    (Latin, Greek, Cyrillic), and CJK compatibility ideographs to their unified forms."""
    table = {}
    for cp, (name, g, tag, parts, _) in UD.items():
        if not parts or tag is not None:
            continue
        compat_ideograph = 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F
        if SCRIPT.get(cp) not in ACCENT_SCRIPTS and not compat_ideograph:
            continue
        out = [c for c in full_decomposition(cp, compat=False) if not is_mark(c)]
        if out and out != [cp] and len(out) <= 4:
            table[cp] = out
    return table


def fold_for_comparison(s):
    """A confusable target as lower-case ASCII if it is one letter after decomposition."""
    cps = []
    for ch in s:
        if ch == "\u200e":
            continue
        cps.extend(c for c in full_decomposition(ord(ch), compat=True) if not is_mark(c))
    return cps


def confusable_table():
    """Cyrillic, Greek, Armenian, Cherokee, … letters that look like a Latin letter fold to it
    (UTS #39 data). Only letters, only to a single ASCII letter, never ASCII or CJK sources."""
    table = dict(raw_confusables())
    # Width and accent folding come first and decide the letters they map (ſ → s, not f).
    for cp in set(width_table()) | set(accent_table()):
        table.pop(cp, None)
    return table


_RAW_CONFUSABLES = None


def raw_confusables():
    global _RAW_CONFUSABLES
    if _RAW_CONFUSABLES is None:
        _RAW_CONFUSABLES = compute_raw_confusables()
    return _RAW_CONFUSABLES


def compute_raw_confusables():
    with open(CONFUSABLES_JSON, encoding="utf-8") as f:
        groups = json.load(f)
    table = {}
    for key, entries in groups.items():
        if len(key) != 1:
            continue
        cp = ord(key)
        if cp < 0x80 or SCRIPT.get(cp) not in CONFUSABLE_SCRIPTS or not gc(cp).startswith("L"):
            continue
        upper_source = gc(cp) == "Lu"
        upper, lower = set(), set()
        for entry in entries:
            cps = fold_for_comparison(entry["c"])
            if len(cps) != 1 or cps[0] >= 0x80:
                continue
            t = chr(cps[0])
            if "A" <= t <= "Z":
                upper.add(t.lower())
            elif "a" <= t <= "z":
                lower.add(t)
        if upper_source and not upper and lower == {"l"}:
            # The prototype of I-like letters is `l`; a capital that looks like it means I.
            upper = {"i"}
        preferred = upper if upper_source else lower
        choice = preferred if len(preferred) == 1 else (lower | upper if len(lower | upper) == 1 else set())
        if len(choice) == 1:
            table[cp] = [ord(choice.pop())]
    # Lower-case Cyrillic and Greek letters often look like small capitals of their
    # capital: one without a mapping of its own takes its capital's (Н → h, so н → h).
    for cp, targets in case_table().items():
        lower = targets[0]
        if (len(targets) == 1 and cp in table and lower not in table and lower >= 0x80
                and SCRIPT.get(lower) in CONFUSABLE_SCRIPTS):
            table[lower] = table[cp]
    return table


def read_ts_characters():
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "TSCharacters.txt")
        subprocess.run(["opencc_dict", "-i", OPENCC_TS, "-o", out, "-f", "ocd2", "-t", "text"], check=True)
        with open(out, encoding="utf-8") as f:
            return f.read()


def traditional_table():
    """Traditional → simplified Chinese per character: the first candidate of OpenCC's
    TSCharacters, followed to its end (a target that is itself traditional folds on)."""
    table = {}
    for line in read_ts_characters().splitlines():
        if not line.strip():
            continue
        source, targets = line.split("\t")
        if len(source) != 1:
            continue
        first = targets.split(" ")[0]
        if len(first) == 1 and first != source:
            table[ord(source)] = [ord(first)]
    # Taiwanese variants that OpenCC keeps but simplified text never uses (Vigil's own
    # addition, from Unihan kSpecializedSemanticVariant): 妳 → 你, 牠 → 它.
    for source, target in (("妳", "你"), ("牠", "它")):
        table.setdefault(ord(source), [ord(target)])
    for cp in list(table):
        seen = {cp}
        target = table[cp][0]
        while target in table and target not in seen:
            seen.add(target)
            target = table[target][0]
        table[cp] = [target]
    return table


# ---------------------------------------------------------------------------
# Pinyin


def strip_tone(syllable):
    out = []
    for ch in syllable:
        base = [c for c in full_decomposition(ord(ch), compat=False) if not is_mark(c)]
        if ord(ch) in (0xFC, 0xDC) or (len(base) == 1 and base[0] in (0xFC, 0xDC)):
            out.append("v")  # ü as typed on a pinyin keyboard
            continue
        if ch in "ǖǘǚǜ":
            out.append("v")
            continue
        out.extend(chr(c) for c in base)
    return "".join(out).lower()


ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
PINYIN_FIRST, PINYIN_LAST = 0x3400, 0x9FFF


def pinyin_tables():
    readings = {}
    with bz2.open(os.path.join(UCD, "Unihan_Readings.txt.bz2"), "rt", encoding="utf-8") as f:
        for line in f:
            if "\tkMandarin\t" not in line:
                continue
            code, _, value = line.rstrip("\n").split("\t")
            cp = int(code[2:], 16)
            if PINYIN_FIRST <= cp <= PINYIN_LAST:
                values = []
                for v in value.split():
                    s = strip_tone(v)
                    if s not in values:
                        values.append(s)
                readings[cp] = values
    syllables = sorted({s for values in readings.values() for s in values})
    index = {s: i + 1 for i, s in enumerate(syllables)}  # 0: no reading
    assert len(syllables) + 1 < 64 * 64
    main = []
    for cp in range(PINYIN_FIRST, PINYIN_LAST + 1):
        i = index[readings[cp][0]] if cp in readings else 0
        main.append(ALPHABET[i // 64] + ALPHABET[i % 64])
    extra = []
    for cp in sorted(readings):
        for s in readings[cp][1:]:
            extra.append("%x:%x" % (cp, index[s]))
    return syllables, main, extra


# ---------------------------------------------------------------------------
# Output


def wrap(tokens, width=110, sep=" "):
    lines, line = [], ""
    for token in tokens:
        if line and len(line) + len(sep) + len(token) > width:
            lines.append(line)
            line = token
        else:
            line = line + sep + token if line else token
    if line:
        lines.append(line)
    return "\n".join(lines)


def swift_file(name, doc, source, count, body):
    return f"""// GENERATED by tools/tables/generate_tables.py — do not edit; run the script instead.
//
// {doc}
// Source: {source}
// Entries: {count}. Parsed once, on first use, by UnicodeTables.swift (format: see the script).

enum {name} {{
    static let data: StaticString = \"\"\"
{body}
\"\"\"
}}
"""


def write(files, check):
    os.makedirs(OUT, exist_ok=True)
    stale = []
    for filename, text in files.items():
        path = os.path.join(OUT, filename)
        if check:
            try:
                with open(path, encoding="utf-8") as f:
                    if f.read() != text:
                        stale.append(filename)
            except FileNotFoundError:
                stale.append(filename)
        else:
            with open(path, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
            print("wrote %s (%d bytes)" % (os.path.relpath(path, ROOT), len(text.encode("utf-8"))))
    if stale:
        print("out of date: " + ", ".join(stale), file=sys.stderr)
        sys.exit(1)


def main():
    check = "--check" in sys.argv[1:]
    files = {}
    runs = class_runs()
    files["UnicodeClassData.swift"] = swift_file(
        "UnicodeClassData",
        "Class of every scalar (i ignorable, m combining mark, n line break, s separator, w word\n"
        "// character of a spaced script, o other content such as Han): runs `<start hex><class>`.",
        "Unicode 15.0 UnicodeData.txt (general category), DerivedCoreProperties.txt\n"
        "// (Default_Ignorable_Code_Point), Scripts.txt; " + UNICODE_LICENSE,
        len(runs), wrap(runs, sep=""))
    steps = [
        ("WidthFoldingData", "width", width_table(),
         "Width step: full-width and half-width forms, ideographic space, circled, parenthesized\n"
         "// and enclosed letters and digits, mathematical alphanumerics, ligatures, Kangxi radicals.",
         "Unicode 15.0 UnicodeData.txt (compatibility decompositions <wide> <narrow> <circle>\n"
         "// <font> <square> <super> <sub> <small> <compat> <noBreak> <vertical>; enclosed forms without one\n"
         "// by name or numeric value), EquivalentUnifiedIdeograph.txt (CJK radicals); " + UNICODE_LICENSE),
        ("CaseFoldingData", "case", case_table(),
         "Case step: Unicode case folding (statuses C and S; F where no S exists, e.g. ß → ss).",
         "Unicode 15.0 CaseFolding.txt; " + UNICODE_LICENSE),
        ("AccentFoldingData", "accents", accent_table(),
         "Accents step: canonical decomposition of Latin, Greek and Cyrillic letters with the\n"
         "// combining marks dropped (ú → u), and CJK compatibility ideographs to unified ideographs.",
         "Unicode 15.0 UnicodeData.txt (canonical decompositions), Scripts.txt; " + UNICODE_LICENSE),
        ("ConfusableData", "confusables", confusable_table(),
         "Confusables step: letters of Cyrillic, Greek, Armenian, Cherokee, Coptic, Georgian, Lisu,\n"
         "// Canadian syllabics, Runic, Tifinagh and non-ASCII Latin that look like one ASCII letter\n"
         "// fold to it (а → a, ս → u, ı → i); never ASCII, never CJK.",
         "Unicode UTS #39 confusables.txt via Debian python3-confusable-homoglyphs 3.2.0\n"
         "// (confusables.json; data " + UNICODE_LICENSE + ", package MIT)"),
        ("TraditionalFoldingData", "traditional", traditional_table(),
         "Traditional step: traditional → simplified Chinese per character (妳 → 你, 媽 → 妈).",
         "OpenCC TSCharacters (Debian opencc 1.1.6, /usr/share/opencc/TSCharacters.ocd2 converted\n"
         "// with opencc_dict), first candidate of each entry; Apache License 2.0; plus 妳 → 你 and 牠 → 它\n"
         "// (Unihan kSpecializedSemanticVariant, " + UNICODE_LICENSE + ")"),
    ]
    for name, _, table, doc, source in steps:
        files[name + ".swift"] = swift_file(name, doc, source, len(table), wrap(encode_mappings(table)))
    syllables, main_readings, extra = pinyin_tables()
    body = (wrap(syllables) + "\n#\n" + wrap(main_readings, width=110, sep="") + "\n#\n" + wrap(extra))
    files["PinyinData.swift"] = swift_file(
        "PinyinData",
        "Toneless Mandarin readings (ü written v) for U+%04X–U+%04X, for `variants: [pinyin, initials]`.\n"
        "// Three sections separated by `#`: the syllables; for each scalar of the range in order two\n"
        "// characters of %s giving 1 + the index of its first reading (0 none);\n"
        "// further readings as `scalar:index+1` (hex)." % (PINYIN_FIRST, PINYIN_LAST, ALPHABET),
        "Unicode 15.0 Unihan_Readings.txt (kMandarin); " + UNICODE_LICENSE,
        len(main_readings), body)
    write(files, check)


if __name__ == "__main__":
    main()
