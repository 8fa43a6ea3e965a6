// How customers of airlines, carriers, hotels and shops complain: phone lines nobody
// answers, rude staff, bags that did not come, moved bookings, a night at the airport, a
// cramped cabin, outages; for Chinese reviews faulty electronics, clothes, hotel rooms and
// sellers. Each complaint is caught with its exact span; the questions, thanks and
// everyday talk that share its words feed no complaint signal, since complaints drive
// escalation.
import Testing
import VigilEngine

@Suite struct ServiceComplaintTests {
    typealias Case = PackCase
    static func C(_ text: String, _ rule: String, _ match: String) -> Case { PackCase(text: text, rule: rule, match: match) }

    static let caught: [Case] = [
        C("your phone line says high call volume, try again later", "complaint/service-desk", "high call volume"),
        C("can't get anyone on the phone to rebook", "complaint/service-desk", "can't get anyone"),
        C("the gate agent was very rude to my mother", "complaint/staff-rude", "very rude"),
        C("you need to train your staff", "complaint/staff-rude", "train your staff"),
        C("my bag never made it to Denver", "complaint/bag-trouble", "bag never made it"),
        C("landed in Rome without my luggage", "complaint/bag-lost-phrase", "without my luggage"),
        C("they gave my seat away and separated my family", "complaint/booking-moved", "gave my seat away"),
        C("sleeping at the airport tonight, no hotel voucher", "complaint/airport-night", "sleeping at the airport"),
        C("my seat doesn't recline on a 9 hour flight", "complaint/cabin-trouble", "seat doesn't recline"),
        C("four hours late again #worstairline", "complaint/worst-tag", "worstairline"),
        C("they made me pay $50 for a carry-on", "complaint/paid-extra", "made me pay"),
        C("I will never fly this airline again", "complaint/never-fly", "never fly"),
        C("we don't have power near the club", "complaint/utility-out", "don't have power"),
        C("the fans in coach S2 are not running, pls take action", "complaint/take-action", "pls take action"),
        C("you really dropped the ball on this one", "complaint/expect-better", "dropped the ball"),
        C("用了一个月就很卡，还经常死机", "complaint/zh-electronics", "很卡"),
        C("线头很多，洗了一次就褪色", "complaint/zh-clothing", "线头很多"),
        C("没有热水，空调不制冷", "complaint/zh-hotel", "没有热水"),
        C("卖家发错货，客服还敷衍", "complaint/zh-seller", "发错货"),
    ]

    @Test(arguments: caught)
    func complaintIsCaughtWithItsExactSpan(_ c: Case) throws {
        try ComplaintSignalChecks.expectCaught(c)
    }

    /// Questions, thanks and everyday talk that share a word with these complaints.
    @Test(arguments: [
        "is my flight delayed?",
        "thanks for rebooking me so fast",
        "the gate agent was so helpful rebooking us, thank you",
        "so cold outside, glad the train was warm",
        "without wifi on holiday, bliss",
        "sorry if I was rude earlier",
        "I can't talk to anyone about this, it's a surprise",
        "what is your phone number for bookings?",
        "my bag made it, thanks for the help",
        "没有线头，不褪色，很满意",
        "安装师傅很专业，没有乱收费",
        "运行流畅，一点不卡",
        "房间很大很干净，安静",
        "送来还很烫，好吃",
    ])
    func everydayTalkIsNoComplaint(_ text: String) throws {
        try ComplaintSignalChecks.expectNoComplaint(text)
    }
}
