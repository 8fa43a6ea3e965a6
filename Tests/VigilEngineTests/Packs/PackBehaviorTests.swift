// Focused behaviour of the built-in packs: legal bases shown with hits, the SAMR
// 2023 exceptions and other `unless` phrases, detectors through the whole
// pipeline (spaced and full-width digits, invalid checksums), policy caps, and
// ordinary brand-page text that must stay quiet.
import Testing
import VigilEngine

@Suite struct LegalBasisTests {
    /// Hits of rules where a law applies carry that law in `basis`, and a rewrite in `suggest`.
    @Test(arguments: [
        ("全网最低价，错过再等一年", "ads-law/absolute-superlative", "广告法"),
        ("销量第一的国民品牌", "ads-law/absolute-rank", "第九条"),
        ("国家级品质，世界级工艺", "ads-law/absolute-grade", "第九条"),
        ("三个疗程根治鼻炎", "ads-law/medical-claim", "第十六条"),
        ("驾校一期包过，不过退费", "ads-law/exam-guarantee", "第二十四条"),
        ("年化12%，保本保息", "ads-law/return-guarantee", "第二十五条"),
        ("地铁口学区房，只涨不跌", "ads-law/appreciation-guarantee", "第二十六条"),
        ("我的身份证号360426199101010071", "pii/resident-id", "个人信息保护法"),
        ("卡号 6222 0212 3456 7890 128", "pii/payment-card", "第二十八条"),
        ("我同事得了艾滋，大家小心点", "pii/health", "第二十八条"),
        ("出售气枪，货到付款", "illegal/weapon-sale", "刑法"),
        ("您的账户涉嫌洗钱，请将资金转入安全账户", "fraud/scam-script", "刑法"),
    ])
    func hitsCarryTheirLegalBasis(_ text: String, _ rule: String, _ law: String) throws {
        let verdict = try #require(BuiltinPacks.check(text))
        let hit = try #require(verdict.hits.first { $0.rule == rule }, "\(rule) did not hit “\(text)”")
        #expect(hit.basis?.contains(law) == true, "\(rule): basis \(hit.basis ?? "none")")
        #expect(!hit.suggest.isEmpty, "\(rule) suggests nothing")
    }

    @Test func absoluteTermsReviewABrandPostButNotAComment() throws {
        let text = "行业内最先进的降噪技术"
        let post = try #require(BuiltinPacks.check(text, kind: "post"))
        let comment = try #require(BuiltinPacks.check(text, kind: "comment"))
        #expect(post.decision == .review)
        #expect(comment.decision == .allow)
        #expect(comment.hits.contains { $0.rule == "ads-law/absolute-superlative" })
    }
}

@Suite struct ExceptionTests {
    /// The same term hits on its own and is excepted inside an `unless` phrase.
    @Test(arguments: [
        // SAMR 2023 enforcement guide: non-absolute uses, same-brand comparisons, real honours.
        ("ads-law/absolute-superlative", "本品最佳，快来买", "请在最佳赏味期内食用"),
        ("ads-law/absolute-superlative", "史上最强的轻薄本", "这是本品牌最轻的一代手机"),
        ("ads-law/absolute-rank", "全国第一的口碑", "第一步：打开包装"),
        ("ads-law/absolute-rank", "销量第一", "第一次用就爱上了"),
        ("ads-law/absolute-rank", "业内唯一获得认证", "唯一的缺点是有点重"),
        ("ads-law/absolute-grade", "国家级品质", "产自国家级非物质文化遗产传承工坊"),
        ("ads-law/medical-claim", "三个疗程根治鼻炎", "这种病目前还无法根治"),
        ("ads-law/return-guarantee", "保本保息，稳赚不赔", "本产品不保本，投资有风险"),
        ("ads-law/return-guarantee", "零风险高回报", "无风险利率是定价的基础"),
        // Idioms that only sound like the real thing.
        ("self-harm/ideation", "我想死，太累了", "宝贝我想死你了"),
        ("zh-hate/race-slur", "一群黑鬼", "美国废除黑奴制度的历史"),
        ("zh-abuse/curse", "你怎么不去死", "这款洗面奶去死皮效果很好"),
        ("zh-abuse/contempt", "这操作真恶心", "怀孕恶心想吐怎么办"),
        ("en-hate/racial-slur", "go home you chink", "the battery is the chink in its armour"),
        ("en-abuse/vulgar", "shut up hoe", "I bought a garden hoe and a rake"),
        ("en-sexual/explicit", "cum on my face", "graduated summa cum laude"),
        ("illegal/drug-sale", "weed for sale, dm me", "weed killer for sale, half price"),
        ("illegal/gambling", "注册送彩金，出款快", "18K彩金项链"),
        ("complaint/refund", "我要退款", "退款已到账，客服很负责"),
        ("complaint/refund", "I want a refund for this broken seat", "how do I request a refund for an unused ticket?"),
        ("complaint/grievance", "I want to complain about the driver", "where can I file a complaint about a parking space?"),
        ("complaint/no-notice", "my flight was moved without any notice", "prices may change without notice"),
        ("complaint/so-much-for", "so much for on time departures", "thank you so much for the help"),
        ("complaint/zh-quality", "收到就破损了", "包装很好，没有破损"),
        ("brand-risk/media-exposure", "找记者曝光你们", "这张照片曝光度有点高"),
    ])
    func unlessPhrasesExceptOnlyThemselves(_ rule: String, _ hits: String, _ excepted: String) {
        #expect(BuiltinPacks.rules(hits).contains(rule), "\(rule) should hit “\(hits)”")
        #expect(!BuiltinPacks.rules(excepted).contains(rule), "\(rule) should not hit “\(excepted)”")
    }
}

@Suite struct PackDetectorTests {
    /// Identifiers written with spaces, hyphens or full-width digits are found, with
    /// the exact span of the original text.
    @Test(arguments: [
        ("电话：１３８００１３８０００", "pii/mobile", "１３８００１３８０００"),
        ("联系人：张女士 138-0013-8000", "pii/mobile", "138-0013-8000"),
        ("身份证：360426 19910101 0071", "pii/resident-id", "360426 19910101 0071"),
        ("证件号 ３６０４２６１９９１０１０１００７１", "pii/resident-id", "３６０４２６１９９１０１０１００７１"),
        ("老身份证号是360426910101007", "pii/resident-id-15", "360426910101007"),
        ("card 4012 8888 8888 1881 exp 12/27", "pii/payment-card", "4012 8888 8888 1881"),
        ("please wire it to DE89 3704 0044 0532 0130 00", "pii/iban", "DE89 3704 0044 0532 0130 00"),
    ])
    func identifiersAreFoundWithExactSpans(_ text: String, _ rule: String, _ match: String) throws {
        let verdict = try #require(BuiltinPacks.check(text))
        let hit = try #require(verdict.hits.first { $0.rule == rule }, "\(rule) did not hit “\(text)”")
        #expect(hit.match == match)
        let scalars = Array(text.unicodeScalars)
        #expect(String(String.UnicodeScalarView(scalars[hit.start..<hit.end])) == match)
    }

    /// Values that fail their checksum give no pii hit at all.
    @Test(arguments: [
        "身份证 36042619910102009X",
        "身份证 360426 19910101 0072",
        "卡号 6222 0212 3456 7890 129",
        "card 4012 8888 8888 1882",
        "IBAN GB82WEST12345698765433",
        "信用代码 91350100M000100Y44",
        "订单号 12800138000",
    ])
    func invalidValuesGiveNoPIIHit(_ text: String) throws {
        let verdict = try #require(BuiltinPacks.check(text))
        #expect(!verdict.hits.contains { $0.category == "pii" }, "\(verdict.hits.map(\.rule))")
    }

    @Test func aResidentIDNumberBlocksAComment() throws {
        let verdict = try #require(BuiltinPacks.check("我的身份证号360426199101010071，帮我查一下"))
        #expect(verdict.decision == .block)
    }
}

@Suite struct PackPolicyTests {
    /// Complaints and brand-risk signals are reviewed at most, however many pile up.
    @Test func complaintsAreNeverBlocked() throws {
        let text = "质量太差，我要退款，还要投诉到12315和消协，不处理就找记者曝光，律师函已经发了，集体诉讼见"
        let verdict = try #require(BuiltinPacks.check(text))
        #expect(verdict.decision == .review)
        #expect(verdict.hits.contains { $0.signal == "complaint" })
        #expect(verdict.hits.contains { $0.signal == "brand-risk" })
    }

    /// One ordinary complaint is counted for escalation but the comment is published.
    @Test func aSingleComplaintIsCountedNotHeld() throws {
        let verdict = try #require(BuiltinPacks.check("下单一周了还没发货"))
        #expect(verdict.decision == .allow)
        #expect(verdict.hits.contains { $0.signal == "complaint" })
    }

    @Test(arguments: [
        "再不退款我弄死你",
        "I know where you live",
        "出售冰毒，同城货到付款",
        "go kill yourself loser",
        "Muslims are animals",
        "河南人都是骗子",
    ])
    func severeContentIsBlocked(_ text: String) throws {
        let verdict = try #require(BuiltinPacks.check(text))
        #expect(verdict.decision == .block, "\(verdict.hits.map(\.rule))")
    }

    /// Ordinary brand-page text in both languages stays quiet.
    @Test(arguments: [
        "新品发布会定于下周三晚八点，欢迎大家观看直播",
        "用了一个月，续航不错，拍照也清楚，推荐",
        "请问这款手机支持双卡吗？",
        "客服回复很快，问题当天就解决了，点赞",
        "双十一全场八折，会员再享九五折",
        "第一次买这个牌子，包装很用心",
        "河南人民医院的医生很负责",
        "女生节快乐，全场包邮",
        "Love the new camera, the night mode is great",
        "Is the black version back in stock?",
        "Thanks for the quick fix, support team!",
        "you're gonna kill it at the show tonight",
        "Our store on Main Street opens at 9am",
        "Shipping was fast and the box was intact",
    ])
    func ordinaryPostsAreAllowed(_ text: String) throws {
        let verdict = try #require(BuiltinPacks.check(text))
        #expect(verdict.decision == .allow, "\(verdict.hits.map { "\($0.rule) “\($0.match)”" })")
    }
}
