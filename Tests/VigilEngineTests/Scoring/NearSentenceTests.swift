// `near` pairs hits of one sentence only: a line break or an ASCII `.` `!` `?` `;`
// before white space between two hits keeps them apart, and the nearest hit in the
// anchor's own sentence is taken instead. Full-width punctuation and commas do not.
import Testing
@testable import VigilEngine

@Suite struct NearSentenceTests {
    let engine = TestRules.engine("""
        pack: s
        defaults: {category: complaint, severity: low}
        rules:
          - id: neg
            internal: true
            keywords: ["couldn't", "can't", 不能]
          - id: verb
            internal: true
            keywords: [book, log in, 登录]
          - id: not-working
            near: {all: [neg, verb], within: 12}
        """)!

    func matches(_ text: String) -> [String] {
        engine.verdict(text).hits.filter { $0.rule == "s/not-working" }.map(\.match)
    }

    @Test func hitsOfOneSentencePair() {
        #expect(matches("I couldn't book a seat") == ["couldn't book"])
        #expect(matches("Still can't, again, log in") == ["can't, again, log in"])
        #expect(matches("我还是不能登录") == ["不能登录"])
        #expect(matches("不能，登录") == ["不能，登录"])
        // Chinese comments chain clauses with full-width punctuation: it ends nothing here.
        #expect(matches("不能。登录") == ["不能。登录"])
        #expect(matches("不能！！登录") == ["不能！！登录"])
    }

    @Test func aSentenceEndBetweenKeepsThemApart() {
        #expect(matches("Loved the book! Couldn't put it down") == [])
        #expect(matches("Great book. Can't wait for the next") == [])
        #expect(matches("Read the book? Can't say I did") == [])
        #expect(matches("the book; can't stop reading") == [])
        #expect(matches("the book\ncan't stop") == [])
        #expect(matches("the book\r\ncan't stop") == [])
        #expect(matches("不能\u{2028}登录") == [])
        #expect(matches("不能\n登录") == [])
    }

    @Test func asciiPunctuationWithoutSpaceAfterEndsNothing() {
        #expect(matches("can't.book") == ["can't.book"])
        #expect(matches("can't!!book") == ["can't!!book"])
        #expect(matches("v2.1 can't log in") == ["can't log in"])
        // The `;` of an HTML character reference ends no sentence.
        #expect(matches("I can't &amp; book") == ["can't &amp; book"])
        #expect(matches("can't &#8220; book") == ["can't &#8220; book"])
        #expect(matches("can't & ; book") == [])
    }

    @Test func theNearestHitInTheSentenceIsTaken() {
        // The `book` before is closer, but in the sentence before.
        #expect(matches("book. Couldn't even book") == ["Couldn't even book"])
        #expect(matches("I can't. Not able to book a room. Can't book!") == ["Can't book"])
    }

    @Test func sentenceEndsAreFoundInTheOriginalBytes() {
        for text in ["\u{2028}", "\u{2029}", "\n", "\r", ". ", "!\t", "?", ";", "; "] {
            var copy = text
            copy.withUTF8 { #expect(SentenceEnds.isEnd(at: 0, in: $0), "\(text.debugDescription)") }
        }
        for text in [".a", "!!", "，", ",", ":", "、", "a", "中", "。", "！", "…", "\u{2026}"] {
            var copy = text
            copy.withUTF8 { #expect(!SentenceEnds.isEnd(at: 0, in: $0), "\(text.debugDescription)") }
        }
    }
}
