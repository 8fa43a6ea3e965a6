// The built-in packs on texts as people write them: masked and leetspeak profanity,
// pinyin abbreviations, contact handles in their many spellings, short links, efficacy
// and absolute claims with words in between, and the innocent texts that keyword
// matching used to cut wrongly. Each case names the rule and the exact text it covers.
import Testing
import VigilEngine

@Suite struct EverydaySpellingTests {
    typealias Case = PackCase
    static func C(_ text: String, _ rule: String, _ match: String) -> Case { PackCase(text: text, rule: rule, match: match) }

    static let caught: [Case] = [
        C("you stupid b*tch", "en-abuse/profanity-masked", "b*tch"),
        C("f**k this update", "en-abuse/profanity-masked", "f**k"),
        C("sh!t happens", "en-abuse/profanity-masked", "sh!t"),
        C("sh1t", "en-abuse/profanity-leet", "sh1t"),
        C("b1tch", "en-abuse/profanity-leet", "b1tch"),
        C("get your lazy a$$ up", "en-abuse/profanity-masked-ass", "lazy a$$"),
        C("加我微信：abc12345", "spam/contact-wechat", "加我微信：abc12345"),
        C("wx: nimbus888", "spam/contact-wechat", "wx: nimbus888"),
        C("加v：abc12345", "spam/contact-wechat", "加v：abc12345"),
        C("+V：abc12345", "spam/contact-wechat-plus", "+V：abc12345"),
        C("➕v abc123", "spam/contact-wechat-plus", "➕v abc123"),
        C("有需要+vx详聊", "spam/contact-wechat-plus", "+vx"),
        C("➕vx：deal_2024", "spam/contact-wechat", "➕vx：deal_2024"),
        C("加 v 信 hello_888", "spam/contact-wechat", "加 v 信 hello_888"),
        C("加 威 信 xyz9988", "spam/contact-wechat", "加 威 信 xyz9988"),
        C("VX：hello_888", "spam/contact-wechat", "VX：hello_888"),
        C("扣扣：123456789", "spam/contact-qq", "扣扣：123456789"),
        C("join t.me/freegift_2024 now", "spam/contact-telegram", "t.me/freegift_2024"),
        C("free iPhone: http://bit.ly/xyz", "spam/short-link", "bit.ly/xyz"),
        C("sb", "zh-abuse/insult-abbreviation", "sb"),
        C("ＳＢ", "zh-abuse/insult-abbreviation", "ＳＢ"),
        C("cnm", "zh-abuse/insult-abbreviation", "cnm"),
        C("nmsl", "zh-abuse/insult-abbreviation", "nmsl"),
        C("wcnm", "zh-abuse/insult-abbreviation", "wcnm"),
        C("tmd又卡了", "zh-abuse/profanity-abbreviation", "tmd"),
        C("艹你妈", "zh-abuse/abuse-family", "艹你妈"),
        C("草你妈", "zh-abuse/abuse-family", "草你妈"),
        C("傻13", "zh-abuse/insult-strong", "傻13"),
        C("傻B", "zh-abuse/insult-strong", "傻B"),
        C("傻X", "zh-abuse/insult-strong", "傻X"),
        C("我们的保温杯可以治疗失眠", "ads-law/efficacy-claim", "治疗失眠"),
        C("喝我们的茶能降血压、防癌", "ads-law/efficacy-claim", "降血压"),
        C("喝我们的茶能降血压、防癌", "ads-law/efficacy-claim", "防癌"),
        C("奶粉增强免疫力，预防感冒", "ads-law/efficacy-claim", "增强免疫力"),
        C("100%有效治愈失眠", "ads-law/efficacy-claim", "治愈失眠"),
        C("The best phone ever made", "ads-law/absolute-claim-en", "best phone ever"),
        C("#1 in the world", "ads-law/absolute-claim-en", "#1 in the world"),
        C("Number 1 smartphone in China", "ads-law/absolute-claim-en", "Number 1 smartphone in"),
        C("best-in-class camera", "ads-law/absolute-claim-en", "best-in-class"),
        C("guaranteed 20% returns, zero risk", "ads-law/return-guarantee-en", "guaranteed 20% returns"),
        C("guaranteed 20% returns, zero risk", "ads-law/return-guarantee-en", "zero risk"),
        C("Our new tea cures diabetes and prevents cancer", "ads-law/efficacy-claim-en", "cures diabetes"),
        C("Our new tea cures diabetes and prevents cancer", "ads-law/efficacy-claim-en", "prevents cancer"),
    ]

    @Test(arguments: caught)
    func caughtWithItsExactSpan(_ c: Case) throws {
        let verdict = try #require(BuiltinPacks.check(c.text, kind: "post"))
        let hits = verdict.hits.filter { $0.rule == c.rule }.map(\.match)
        #expect(hits.contains(c.match), "hits: \(verdict.hits.map { "\($0.rule) “\($0.match)”" })")
        #expect(verdict.decision != .allow)
    }

    /// Innocent texts: nothing of these rules hits, and the comment is published.
    @Test(arguments: [
        "这个环保本子很好用", "面包过期了记得扔掉", "一个个死去，死神来了",
        "SB Nation 的评测", "usb cable", "tell sb about it", "press ctrl+v to paste",
        "身份证：51010719760519898X", "统一社会信用代码：52440305500956885U",
        "fk partizan won", "shift the blame",
    ])
    func innocentTextsPass(_ text: String) throws {
        let verdict = try #require(BuiltinPacks.check(text))
        #expect(verdict.decision == .allow, "hits: \(verdict.hits.map { "\($0.rule) “\($0.match)”" })")
        #expect(!verdict.hits.contains { ["pii/bank-card-number", "pii/credit-card-number", "ads-law/return-guarantee", "ads-law/exam-guarantee"].contains($0.rule) })
    }
}
