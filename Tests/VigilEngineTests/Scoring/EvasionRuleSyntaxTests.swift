// The evasion keys of the rule language — `normalize` step lists, `repeats`, `variants` — and their
// lint errors with file:line:col.
import Testing
@testable import VigilEngine

@Suite struct EvasionRuleSyntaxTests {
    @Test func unknownStepsAreErrorsAtTheirPosition() {
        let problems = TestRules.lint("""
            pack: p
            rules:
              - id: a
                category: abuse
                keywords: [x]
                normalize: [width, kase, confusable]
            """)
        #expect(problems == [
            "6:24: error: unknown normalization step `kase` (did you mean `case`? known: width, case, accents, confusables, traditional, ignorables, separators)",
            "6:30: error: unknown normalization step `confusable` (did you mean `confusables`? known: width, case, accents, confusables, traditional, ignorables, separators)",
        ])
    }

    @Test func badValuesAreErrors() {
        let problems = TestRules.lint("""
            pack: p
            rules:
              - id: a
                category: abuse
                keywords: [x]
                normalize: []
                repeats: squash
                variants: [pinyin, zhuyin]
              - id: b
                category: abuse
                regex: 'abc'
                repeats: collapse
                variants: [pinyin]
              - id: c
                category: abuse
                keywords: [傻逼]
                normalize: false
                variants: [initials]
              - id: d
                category: abuse
                keywords: [x]
                case: sensitive
                normalize: [width]
              - id: e
                category: abuse
                keywords: [x]
                normalize: maybe
            """)
        #expect(problems == [
            "3:5: warning: rule `p/a` asks for `variants`, but none of its keywords is Chinese with a known pinyin reading, so none is added",
            "6:16: error: `normalize` lists no step; write `normalize: false` to match the raw text",
            "7:14: error: `repeats` must be `collapse` or `keep`",
            "8:24: error: unknown keyword variant `zhuyin` (known: pinyin, initials)",
            "12:14: error: `repeats` applies to keyword rules only",
            "13:15: error: `variants` applies to keyword rules only",
            "18:15: error: `variants` needs normalized matching; it cannot be combined with `normalize: false` or `case: sensitive`",
            "23:16: error: `case: sensitive` matches the original text and cannot be combined with a `normalize` step list; leave `case` out of the list instead",
            "27:16: error: `normalize` must be true, false or a list of steps (width, case, accents, confusables, traditional, ignorables, separators)",
        ])
    }

    @Test func variantsWithoutChineseWarn() {
        let problems = TestRules.lint("""
            pack: p
            rules:
              - id: a
                category: abuse
                keywords: [fuck]
                variants: [pinyin]
            """)
        #expect(problems == ["3:5: warning: rule `p/a` asks for `variants`, but none of its keywords is Chinese with a known pinyin reading, so none is added"])
    }

    @Test func regexLiteralsThatNormalizationChangesWarn() {
        let problems = TestRules.lint("""
            pack: p
            rules:
              - id: a
                category: abuse
                regex: '(?:你|她)媽[:：]x'
            """)
        #expect(problems == ["5:20: warning: regex literal `媽` never matches: regexes run on normalized text, where it is `妈`; write `妈`"])
    }

    @Test func defaultsMayCarryTheNewKeys() {
        let engine = TestRules.engine("""
            pack: p
            defaults: {category: abuse, repeats: collapse, normalize: [width, case, separators]}
            rules:
              - id: a
                keywords: [shit]
            """)!
        #expect(engine.ruleIDs("ＳＨＩＩＩＩＴ") == ["p/a"])
        #expect(engine.ruleIDs("s.h.i.t") == ["p/a"])
        #expect(engine.ruleIDs("ѕhit").isEmpty)              // confusables not asked for
    }

    @Test func subsetRegexesAndDetectorsReadTheirOwnView() {
        let engine = TestRules.engine("""
            pack: p
            defaults: {category: spam}
            rules:
              - id: width-only
                regex: 'vx:[a-z]{5}'
                normalize: [width, case]
              - id: mail-raw
                detector: email
                normalize: false
              - id: mail
                detector: email
            """)!
        #expect(engine.ruleIDs("ＶＸ：hello") == ["p/width-only"])
        #expect(engine.ruleIDs("vx:hеllo").isEmpty)                     // Cyrillic е: not folded for this rule
        #expect(engine.ruleIDs("bob@example.com") == ["p/mail", "p/mail-raw"])
        #expect(engine.ruleIDs("ｂｏｂ＠ｅｘａｍｐｌｅ．ｃｏｍ") == ["p/mail"])
    }

    @Test func explainShowsStepsAndHowHitsMapBack() {
        let engine = TestRules.engine("""
            pack: p
            defaults: {category: abuse}
            rules:
              - id: a
                keywords: [fuck, 傻逼]
              - id: b
                keywords: [傻逼]
                variants: [pinyin, initials]
              - id: c
                keywords: [shit]
                repeats: collapse
            """)!
        let text = Explanation(engine: engine, text: "Ｆսck 傻\u{200B}*逼 sb shiiiit").render()
        #expect(text.contains("      as “shit”: s h i×4 t  (repeats: collapse)"))
        #expect(text.contains("  width       0 Ｆ→F"))
        #expect(text.contains("  confusables 1 ս→u"))
        #expect(text.contains("  ignorables  6 “\u{200B}” removed U+200B ZERO WIDTH SPACE"))
        #expect(text.contains("  0–4 “Ｆսck”  p/a"))
        #expect(text.contains("      as “fuck”: Ｆ→f ս→u c k"))
        #expect(text.contains("      as “傻逼”: 傻 U+200B ZERO WIDTH SPACE removed “*” skipped 逼"))
        #expect(text.contains("(variants: [pinyin, initials])"))
    }
}
