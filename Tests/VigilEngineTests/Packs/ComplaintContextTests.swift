// The English complaint rules read a word with its context: "broke", "dirty", "tired of",
// "can't even" and "complain" feed the complaint signal when they are about a thing or a
// service, and not in everyday talk about money, people or jokes. Complaints feed
// escalation, so every innocent text here would count as a complaint if it hit.
import Testing
import VigilEngine

@Suite struct ComplaintContextTests {
    typealias Case = PackCase
    static func C(_ text: String, _ rule: String, _ match: String) -> Case { PackCase(text: text, rule: rule, match: match) }

    static let caught: [Case] = [
        C("the drywall pin broke off after a week", "complaint/broken-item", "broke off"),
        C("the last update broke the Mac", "complaint/broken-item", "broke the"),
        C("mine is broke and you won't honor the warranty", "complaint/broken-item", "is broke"),
        C("the strap broke within a week", "complaint/broken-item", "strap broke within"),
        C("the room was filthy", "complaint/dirty-place", "room was filthy"),
        C("smelly toilets on the 8:15 train", "complaint/dirty-place", "smelly toilets"),
        C("I'm really tired of this issue", "complaint/upset", "really tired of this"),
        C("I'm sick of this app logging me out", "complaint/upset", "I'm sick of this"),
        C("sick of waiting for a callback", "complaint/upset", "sick of waiting"),
        C("getting so annoying, please stop texting me", "complaint/upset", "so annoying"),
        C("they won't even price match themselves", "complaint/not-even", "won't even price match"),
        C("I can't even find your email address", "complaint/not-even", "can't even find"),
        C("I want to complain about the driver", "complaint/grievance", "I want to complain"),
    ]

    @Test(arguments: caught)
    func complaintIsCaughtWithItsExactSpan(_ c: Case) throws {
        try ComplaintSignalChecks.expectCaught(c)
    }

    /// Everyday English that shares a word with a complaint: no complaint signal at all.
    @Test(arguments: [
        "I'm so broke until payday",
        "she broke up with him last week",
        "he broke the record again",
        "it was just a joke, relax",
        "you dirty little liar",
        "filthy rich and proud of it",
        "she was tired of people talking about it",
        "it wasn't even funny",
        "I can't even describe how good this was",
        "people complain about everything",
        "I don't see why not",
        "that song is stuck in my head",
        "spoiled kids everywhere",
        "the fresh bread smells amazing",
    ])
    func everydayTalkIsNoComplaint(_ text: String) throws {
        try ComplaintSignalChecks.expectNoComplaint(text)
    }
}
