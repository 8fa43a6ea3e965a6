// Evasion resistance: texts written to get past a filter, each asserting the
// rule that must catch it and the exact span in the original text, and innocent texts
// that look like them and must not hit anything. Cases are grouped by the step of
// normalization that catches them (docs/normalization.md).
import Testing
@testable import VigilEngine

@Suite struct EvasionTests {
    static let pack = """
        pack: ev
        defaults: {category: abuse, severity: high}
        rules:
          - id: zh-insult
            keywords: [傻逼, 脑残, 白痴, 贱人, 狗东西, 王八蛋, 婊子, 人渣]
            unless: [傻逼事件]
          - id: zh-family
            keywords: [操你妈, 去你妈的, 草泥马]
          - id: zh-curse
            keywords: [去死, 全家死光]
            unless: [去死皮, 去死角]
          - id: zh-sex
            category: sexual
            keywords: [约炮, 援交]
          - id: zh-pinyin
            keywords: [傻逼, 脑残]
            variants: [pinyin, initials]
            unless: [傻逼事件]
          - id: zh-contact
            category: spam
            regex: '(?:微信|vx)\\s*[:：]\\s*[a-z0-9_]{5,}'
          - id: en-profanity
            keywords: [fuck, shit, shitty, bitch, asshole, cunt, whore, retard, ass, dick]
          - id: en-stretch
            keywords: [fuck, shit, bitch]
            repeats: collapse
          - id: en-threat
            keywords: [kill yourself]
          - id: en-case
            keywords: [idiot]
            normalize: [case, ignorables]
        """

    static let engine = TestRules.engine(pack)!

    /// An evasion: `text` must produce a hit of `rule` at code points [start, end) whose
    /// original text is `match`.
    struct Evasion: CustomTestStringConvertible, Sendable {
        let text: String, rule: String, start: Int, end: Int, match: String
        var testDescription: String { "\(rule): \(text.debugDescription)" }
    }

    static func E(_ text: String, _ rule: String, _ start: Int, _ end: Int, _ match: String) -> Evasion {
        Evasion(text: text, rule: "ev/" + rule, start: start, end: end, match: match)
    }

    static let evasions: [Evasion] = [
        E("你个傻 * 逼，会不会说话", "zh-insult", 2, 7, "傻 * 逼"),
        E("傻.逼", "zh-insult", 0, 3, "傻.逼"),
        E("傻-逼", "zh-insult", 0, 3, "傻-逼"),
        E("傻_逼", "zh-insult", 0, 3, "傻_逼"),
        E("傻~逼", "zh-insult", 0, 3, "傻~逼"),
        E("傻、逼", "zh-insult", 0, 3, "傻、逼"),
        E("傻😡逼", "zh-insult", 0, 3, "傻😡逼"),
        E("傻👍🏽逼", "zh-insult", 0, 4, "傻👍🏽逼"),
        E("傻 🙂🙂 逼", "zh-insult", 0, 6, "傻 🙂🙂 逼"),
        E("傻　逼", "zh-insult", 0, 3, "傻　逼"),
        E("傻\u{9}逼", "zh-insult", 0, 3, "傻\u{9}逼"),
        E("傻【】逼", "zh-insult", 0, 4, "傻【】逼"),
        E("傻|逼", "zh-insult", 0, 3, "傻|逼"),
        E("傻/逼!", "zh-insult", 0, 3, "傻/逼"),
        E("傻#逼", "zh-insult", 0, 3, "傻#逼"),
        E("脑.残设计", "zh-insult", 0, 3, "脑.残"),
        E("王 八 蛋", "zh-insult", 0, 5, "王 八 蛋"),
        E("操 你 妈", "zh-family", 0, 5, "操 你 妈"),
        E("草-泥-马，又坏了", "zh-family", 0, 5, "草-泥-马"),
        E("去 死 吧", "zh-curse", 0, 3, "去 死"),
        E("约~炮吗", "zh-sex", 0, 3, "约~炮"),
        E("援·交", "zh-sex", 0, 3, "援·交"),
        E("傻\u{200B}逼", "zh-insult", 0, 3, "傻\u{200B}逼"),
        E("傻\u{200C}逼", "zh-insult", 0, 3, "傻\u{200C}逼"),
        E("傻\u{200D}逼", "zh-insult", 0, 3, "傻\u{200D}逼"),
        E("傻\u{2060}逼", "zh-insult", 0, 3, "傻\u{2060}逼"),
        E("傻\u{FEFF}逼", "zh-insult", 0, 3, "傻\u{FEFF}逼"),
        E("傻\u{AD}逼", "zh-insult", 0, 3, "傻\u{AD}逼"),
        E("傻\u{202E}逼", "zh-insult", 0, 3, "傻\u{202E}逼"),
        E("傻\u{FE0F}逼", "zh-insult", 0, 3, "傻\u{FE0F}逼"),
        E("傻\u{E0101}逼", "zh-insult", 0, 3, "傻\u{E0101}逼"),
        E("傻\u{180E}逼", "zh-insult", 0, 3, "傻\u{180E}逼"),
        E("贱\u{200B}人就是矫情", "zh-insult", 0, 3, "贱\u{200B}人"),
        E("狗\u{200D}东\u{200D}西", "zh-insult", 0, 5, "狗\u{200D}东\u{200D}西"),
        E("脑\u{2066}残\u{2069}", "zh-insult", 0, 3, "脑\u{2066}残"),
        E("腦殘粉別洗了", "zh-insult", 0, 2, "腦殘"),
        E("妳是個白癡", "zh-insult", 3, 5, "白癡"),
        E("賤人", "zh-insult", 0, 2, "賤人"),
        E("狗東西，退钱！", "zh-insult", 0, 3, "狗東西"),
        E("操你媽的破手機", "zh-family", 0, 3, "操你媽"),
        E("去你媽的售后", "zh-family", 0, 4, "去你媽的"),
        E("同城約炮，私聊", "zh-sex", 2, 4, "約炮"),
        E("援交妹", "zh-sex", 0, 2, "援交"),
        E("腦 殘", "zh-insult", 0, 3, "腦 殘"),
        E("腦\u{200B}殘", "zh-insult", 0, 3, "腦\u{200B}殘"),
        E("王八蛋", "zh-insult", 0, 3, "王八蛋"),
        E("婊子", "zh-insult", 0, 2, "婊子"),
        E("你們全家死光", "zh-curse", 2, 6, "全家死光"),
        E("你怎麼不去死", "zh-curse", 4, 6, "去死"),
        E("王⼋蛋", "zh-insult", 0, 3, "王⼋蛋"),
        E("⽩痴", "zh-insult", 0, 2, "⽩痴"),
        E("狗东⻄", "zh-insult", 0, 3, "狗东⻄"),
        E("⼈渣", "zh-insult", 0, 2, "⼈渣"),
        E("你就是个shabi", "zh-pinyin", 4, 9, "shabi"),
        E("SHABI", "zh-pinyin", 0, 5, "SHABI"),
        E("sha bi 一个", "zh-pinyin", 0, 6, "sha bi"),
        E("sha-bi", "zh-pinyin", 0, 6, "sha-bi"),
        E("ShaBi!", "zh-pinyin", 0, 5, "ShaBi"),
        E("你个sb", "zh-pinyin", 2, 4, "sb"),
        E("SB吧你", "zh-pinyin", 0, 2, "SB"),
        E("what a sb", "zh-pinyin", 7, 9, "sb"),
        E("s b", "zh-pinyin", 0, 3, "s b"),
        E("ｓｂ", "zh-pinyin", 0, 2, "ｓｂ"),
        E("s.b.", "zh-pinyin", 0, 3, "s.b"),
        E("naocan", "zh-pinyin", 0, 6, "naocan"),
        E("nao can", "zh-pinyin", 0, 7, "nao can"),
        E("shаbi", "zh-pinyin", 0, 5, "shаbi"),
        E("ｓｈａｂｉ", "zh-pinyin", 0, 5, "ｓｈａｂｉ"),
        E("加我微信：hello_world", "zh-contact", 2, 16, "微信：hello_world"),
        E("加我微信:ｈｅｌｌｏ＿ｗｏｒｌｄ", "zh-contact", 2, 16, "微信:ｈｅｌｌｏ＿ｗｏｒｌｄ"),
        E("加我微\u{200B}信：abcde1", "zh-contact", 2, 12, "微\u{200B}信：abcde1"),
        E("ＶＸ：abc123", "zh-contact", 0, 9, "ＶＸ：abc123"),
        E("加我vx:hello99", "zh-contact", 2, 12, "vx:hello99"),
        E("ｆｕｃｋ this phone", "en-profanity", 0, 4, "ｆｕｃｋ"),
        E("ＦＵＣＫ", "en-profanity", 0, 4, "ＦＵＣＫ"),
        E("𝐟𝐮𝐜𝐤 off", "en-profanity", 0, 4, "𝐟𝐮𝐜𝐤"),
        E("𝒇𝒖𝒄𝒌", "en-profanity", 0, 4, "𝒇𝒖𝒄𝒌"),
        E("𝔣𝔲𝔠𝔨", "en-profanity", 0, 4, "𝔣𝔲𝔠𝔨"),
        E("𝕗𝕦𝕔𝕜", "en-profanity", 0, 4, "𝕗𝕦𝕔𝕜"),
        E("𝖋𝖚𝖈𝖐", "en-profanity", 0, 4, "𝖋𝖚𝖈𝖐"),
        E("𝗳𝘂𝗰𝗸", "en-profanity", 0, 4, "𝗳𝘂𝗰𝗸"),
        E("𝘧𝘶𝘤𝘬", "en-profanity", 0, 4, "𝘧𝘶𝘤𝘬"),
        E("𝙛𝙪𝙘𝙠", "en-profanity", 0, 4, "𝙛𝙪𝙘𝙠"),
        E("𝚏𝚞𝚌𝚔", "en-profanity", 0, 4, "𝚏𝚞𝚌𝚔"),
        E("ⓕⓤⓒⓚ", "en-profanity", 0, 4, "ⓕⓤⓒⓚ"),
        E("⒡⒰⒞⒦", "en-profanity", 0, 4, "⒡⒰⒞⒦"),
        E("🅕🅤🅒🅚", "en-profanity", 0, 4, "🅕🅤🅒🅚"),
        E("🄵🅄🄲🄺", "en-profanity", 0, 4, "🄵🅄🄲🄺"),
        E("🅵🆄🅲🅺", "en-profanity", 0, 4, "🅵🆄🅲🅺"),
        E("ＳＨＩＴＴＹ", "en-profanity", 0, 6, "ＳＨＩＴＴＹ"),
        E("ｄｉｃｋ", "en-profanity", 0, 4, "ｄｉｃｋ"),
        E("ᶠᵘᶜᵏ", "en-profanity", 0, 4, "ᶠᵘᶜᵏ"),
        E("ʂhit", "en-profanity", 0, 4, "ʂhit"),
        E("fսck you", "en-profanity", 0, 4, "fսck"),
        E("fuсk", "en-profanity", 0, 4, "fuсk"),
        E("fuϲk", "en-profanity", 0, 4, "fuϲk"),
        E("ѕhit", "en-profanity", 0, 4, "ѕhit"),
        E("shіt", "en-profanity", 0, 4, "shіt"),
        E("ѕһіт", "en-profanity", 0, 4, "ѕһіт"),
        E("bіtch", "en-profanity", 0, 5, "bіtch"),
        E("bitсh", "en-profanity", 0, 5, "bitсh"),
        E("аsshole", "en-profanity", 0, 7, "аsshole"),
        E("ɑsshole", "en-profanity", 0, 7, "ɑsshole"),
        E("cսnt", "en-profanity", 0, 4, "cսnt"),
        E("whоre", "en-profanity", 0, 5, "whоre"),
        E("ΒΙΤCΗ", "en-profanity", 0, 5, "ΒΙΤCΗ"),
        E("ƒuck", "en-profanity", 0, 4, "ƒuck"),
        E("fυck", "en-profanity", 0, 4, "fυck"),
        E("FUСK", "en-profanity", 0, 4, "FUСK"),
        E("ЅHIT", "en-profanity", 0, 4, "ЅHIT"),
        E("rеtard", "en-profanity", 0, 6, "rеtard"),
        E("ԁick", "en-profanity", 0, 4, "ԁick"),
        E("ɗick", "en-profanity", 0, 4, "ɗick"),
        E("ꓐITCH", "en-profanity", 0, 5, "ꓐITCH"),
        E("ᖴuck", "en-profanity", 0, 4, "ᖴuck"),
        E("fuᴄk", "en-profanity", 0, 4, "fuᴄk"),
        E("shıt", "en-profanity", 0, 4, "shıt"),
        E("fúck", "en-profanity", 0, 4, "fúck"),
        E("fùck", "en-profanity", 0, 4, "fùck"),
        E("fûck", "en-profanity", 0, 4, "fûck"),
        E("fück", "en-profanity", 0, 4, "fück"),
        E("fũck", "en-profanity", 0, 4, "fũck"),
        E("fǔck", "en-profanity", 0, 4, "fǔck"),
        E("shít", "en-profanity", 0, 4, "shít"),
        E("bítch", "en-profanity", 0, 5, "bítch"),
        E("àsshole", "en-profanity", 0, 7, "àsshole"),
        E("cünt", "en-profanity", 0, 4, "cünt"),
        E("ƒúck", "en-profanity", 0, 4, "ƒúck"),
        E("f\u{336}u\u{336}c\u{336}k\u{336} this", "en-profanity", 0, 8, "f\u{336}u\u{336}c\u{336}k\u{336}"),
        E("f\u{332}u\u{332}c\u{332}k\u{332}", "en-profanity", 0, 8, "f\u{332}u\u{332}c\u{332}k\u{332}"),
        E("f\u{337}u\u{337}c\u{337}k\u{337}", "en-profanity", 0, 8, "f\u{337}u\u{337}c\u{337}k\u{337}"),
        E("fu\u{301}ck", "en-profanity", 0, 5, "fu\u{301}ck"),
        E("fụ\u{308}ck", "en-profanity", 0, 5, "fụ\u{308}ck"),
        E("ŞHİT", "en-profanity", 0, 4, "ŞHİT"),
        E("whøre", "en-profanity", 0, 5, "whøre"),
        E("fu\u{200B}ck off", "en-profanity", 0, 5, "fu\u{200B}ck"),
        E("f\u{AD}uck", "en-profanity", 0, 5, "f\u{AD}uck"),
        E("fuc\u{200D}k", "en-profanity", 0, 5, "fuc\u{200D}k"),
        E("f\u{2060}uck", "en-profanity", 0, 5, "f\u{2060}uck"),
        E("fu\u{FEFF}ck", "en-profanity", 0, 5, "fu\u{FEFF}ck"),
        E("sh\u{202E}it", "en-profanity", 0, 5, "sh\u{202E}it"),
        E("f\u{34F}uck", "en-profanity", 0, 5, "f\u{34F}uck"),
        E("f\u{FE0F}uck", "en-profanity", 0, 5, "f\u{FE0F}uck"),
        E("b\u{200B}i\u{200B}t\u{200B}c\u{200B}h", "en-profanity", 0, 9, "b\u{200B}i\u{200B}t\u{200B}c\u{200B}h"),
        E("f.u.c.k", "en-profanity", 0, 7, "f.u.c.k"),
        E("f u c k", "en-profanity", 0, 7, "f u c k"),
        E("f-u-c-k", "en-profanity", 0, 7, "f-u-c-k"),
        E("f_u_c_k", "en-profanity", 0, 7, "f_u_c_k"),
        E("f*u*c*k", "en-profanity", 0, 7, "f*u*c*k"),
        E("f!u!c!k", "en-profanity", 0, 7, "f!u!c!k"),
        E("f🙂u🙂c🙂k", "en-profanity", 0, 7, "f🙂u🙂c🙂k"),
        E("F.U.C.K. you", "en-profanity", 0, 7, "F.U.C.K"),
        E("s h i t", "en-profanity", 0, 7, "s h i t"),
        E("b.i.t.c.h", "en-profanity", 0, 9, "b.i.t.c.h"),
        E("f..u..c..k", "en-profanity", 0, 10, "f..u..c..k"),
        E("f . u . c . k", "en-profanity", 0, 13, "f . u . c . k"),
        E("a.s.s", "en-profanity", 0, 5, "a.s.s"),
        E("c/u/n/t", "en-profanity", 0, 7, "c/u/n/t"),
        E("Ｆ.Ｕ.Ｃ.Ｋ", "en-profanity", 0, 7, "Ｆ.Ｕ.Ｃ.Ｋ"),
        E("𝐟.𝐮.𝐜.𝐤", "en-profanity", 0, 7, "𝐟.𝐮.𝐜.𝐤"),
        E("ƒ ս с k", "en-profanity", 0, 7, "ƒ ս с k"),
        E("fuuuuck", "en-stretch", 0, 7, "fuuuuck"),
        E("fuckkkk", "en-stretch", 0, 7, "fuckkkk"),
        E("ffffuck", "en-stretch", 0, 7, "ffffuck"),
        E("shiiiit", "en-stretch", 0, 7, "shiiiit"),
        E("biiiitch", "en-stretch", 0, 8, "biiiitch"),
        E("fuuuuuuuuck you", "en-stretch", 0, 11, "fuuuuuuuuck"),
        E("FUUUCK", "en-stretch", 0, 6, "FUUUCK"),
        E("ｆｕｕｕｃｋ", "en-stretch", 0, 6, "ｆｕｕｕｃｋ"),
        E("fսսսck", "en-stretch", 0, 6, "fսսսck"),
        E("fúúúck", "en-stretch", 0, 6, "fúúúck"),
        E("shhhhiiiitttt", "en-stretch", 0, 13, "shhhhiiiitttt"),
        E("f.uuu.c.k", "en-stretch", 0, 9, "f.uuu.c.k"),
        E("fu\u{200B}uuck", "en-stretch", 0, 7, "fu\u{200B}uuck"),
        E("fuck", "en-stretch", 0, 4, "fuck"),
        E("FuCk", "en-profanity", 0, 4, "FuCk"),
        E("fUcK", "en-profanity", 0, 4, "fUcK"),
        E("fuck你", "en-profanity", 0, 4, "fuck"),
        E("你fuck我", "en-profanity", 1, 5, "fuck"),
        E("you ass!", "en-profanity", 4, 7, "ass"),
        E("ａｓｓ", "en-profanity", 0, 3, "ａｓｓ"),
        E("аss", "en-profanity", 0, 3, "аss"),
        E("kill yourself", "en-threat", 0, 13, "kill yourself"),
        E("kill-yourself", "en-threat", 0, 13, "kill-yourself"),
        E("KILL YOURSELF", "en-threat", 0, 13, "KILL YOURSELF"),
        E("kill  yourself", "en-threat", 0, 14, "kill  yourself"),
        E("kіll yourself", "en-threat", 0, 13, "kіll yourself"),
        E("go kill\u{200B} yourself", "en-threat", 3, 17, "kill\u{200B} yourself"),
        E("IDIOT", "en-case", 0, 5, "IDIOT"),
        E("Idiot!", "en-case", 0, 5, "Idiot"),
        E("id\u{200B}iot", "en-case", 0, 6, "id\u{200B}iot"),
    ]

    static let innocents: [String] = [
        "真是傻，逼得我没办法",  // sentence punctuation ends a keyword
        "傻…逼近的台风",
        "Scunthorpe United won again",
        "SCUNTHORPE",
        "Ｓｃｕｎｔｈｏｒｐｅ",
        "𝐒𝐜𝐮𝐧𝐭𝐡𝐨𝐫𝐩𝐞",
        "Scúnthorpe",
        "Sсunthorpe",
        "my assistant will call",
        "аssistant",
        "the 3pm class",
        "ｃｌａｓｓ",
        "clаss",
        "cláss",
        "a classic",
        "great bass response",
        "the embassy",
        "passion fruit",
        "assess the risk",
        "Massachusetts",
        "Sussex and Essex",
        "a cocktail",
        "Dickens novels",
        "Hitchcock films",
        "shiitake risotto",
        "Shih Tzu puppy",
        "fuchsia case",
        "the Fukuoka launch",
        "Matsushita",
        "cunning plan",
        "flame retardant coating",
        "fire-retardant fabric",
        "the therapist",
        "grape juice",
        "the cockpit",
        "a peacock",
        "Mississippi",
        "assassin's creed",
        "shh it is late",
        "as soon as possible",
        "pass the bass",
        "the whorl pattern",
        "skill yourself up",
        "kill yourselves",
        "USB cable",
        "/sbin/init",
        "Shabiha",
        "shabby chic",
        "Привет, как дела?",
        "Спасибо большое",
        "Καλημέρα κόσμε",
        "Ευχαριστώ πολύ",
        "ありがとう",
        "f u n",
        "a b c d",
        "I love this phone",
        "Idiom of the day",
        "然后我们就回家了",
        "傻瓜相机拍出来还挺好看",
        "傻乎乎的小狗",
        "逼真的画面",
        "脑袋疼",
        "残疾人通道",
        "白天很热",
        "痴迷音乐",
        "贱卖清仓",
        "这款洗面奶去死皮效果很好",
        "去死角清洁",
        "小狗东张西望",
        "约会地点",
        "大约三点",
        "炮火连天",
        "妈妈好",
        "操作你的手机就行",
        "操场上",
        "大草原",
        "关于傻逼事件的报道",
        "關於傻逼事件的報導",
        "傻瓜相機",
        "腦袋疼",
        "渣男",
        "王八是乌龟",
        "蛋糕好吃",
        "炮仗",
        "残渣",
        "东西很好",
    ]

    @Test func thereAreEnoughCases() {
        #expect(Self.evasions.count >= 150)
        #expect(Self.innocents.count >= 50)
        #expect(Set(Self.evasions.map { $0.text.unicodeScalars.map(\.value) }).count == Self.evasions.count)
    }

    @Test(arguments: evasions)
    func evasionIsCaughtWithItsExactSpan(_ evasion: Evasion) {
        #expect(evasion.text.scalarSlice(evasion.start, evasion.end) == evasion.match, "the case itself is inconsistent")
        let hits = Self.engine.allHits(evasion.text, scratch: ScanScratch()).map(\.hit).filter { $0.rule == evasion.rule }
        #expect(hits.map { "\($0.start)–\($0.end) \($0.match.debugDescription)" } == ["\(evasion.start)–\(evasion.end) \(evasion.match.debugDescription)"])
    }

    @Test(arguments: innocents)
    func innocentLookAlikeHitsNothing(_ text: String) {
        let hits = Self.engine.allHits(text, scratch: ScanScratch()).map(\.hit)
        #expect(hits.isEmpty, "\(hits.map { "\($0.rule) \($0.match.debugDescription)" })")
    }

    /// Whole-word Latin keywords stay whole-word whatever the script or width of the letters.
    @Test func wholeWordsSurviveNormalization() {
        for text in ["ｃｌａｓｓ", "clаss", "cláss", "𝐜𝐥𝐚𝐬𝐬", "Ｓｃｕｎｔｈｏｒｐｅ", "Sсunthorpe", "ⓢⓒⓤⓝⓣⓗⓞⓡⓟⓔ", "bassist", "ｂａｓｓ"] {
            #expect(Self.engine.allHits(text, scratch: ScanScratch()).isEmpty, "\(text)")
        }
        // … and ordinary words never join across a gap (`fu ck` is two words).
        #expect(!Self.engine.ruleIDs("fu ck this").contains("ev/en-profanity"))
        #expect(Self.engine.ruleIDs("shit").contains("ev/en-profanity"))
    }

    /// `normalize: [case, ignorables]`: only those steps may make a text equal to the keyword.
    @Test func stepSubsetRulesIgnoreOtherSteps() {
        for text in ["іdiot", "ｉｄｉｏｔ", "i.d.i.o.t", "ídiot", "i d i o t"] {
            #expect(!Self.engine.ruleIDs(text).contains("ev/en-case"), "\(text)")
        }
        #expect(Self.engine.ruleIDs("IDIOT").contains("ev/en-case"))
    }

    /// Rules without `repeats: collapse` keep repeated letters as written.
    @Test func repeatsCollapseOnlyWhereAsked() {
        #expect(Self.engine.ruleIDs("fuuuuck") == ["ev/en-stretch"])
        #expect(Self.engine.ruleIDs("fuck") == ["ev/en-profanity", "ev/en-stretch"])
        #expect(Self.engine.ruleIDs("asshole").contains("ev/en-profanity"))
        #expect(!Self.engine.ruleIDs("ashole").contains("ev/en-profanity"))
    }
}
