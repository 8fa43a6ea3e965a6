// `vigil serve --shadow-rules`: the candidate rules screen every request beside the live
// ones without changing an answer; disagreements are counted in /metrics, listed at
// GET /v1/shadow, and `POST /v1/reload?promote=shadow` makes the candidate live.
import Foundation
import Testing
@testable import vigil

@Suite(.serialized)
struct ServeShadowTests {
    @Test func shadowRulesAreComparedAndCanBePromoted() async throws {
        let live = temporaryFolder(), candidate = temporaryFolder()
        try writePack(live, keyword: "alpha")
        try writePack(candidate, keyword: "beta")
        let server = try await TestServer.start(rules: [live.path], shadow: [candidate.path])
        let check = try await postJSON(server.port, "/v1/check", #"{"id":"p1","text":"beta only"}"#)
        #expect(check.status == 200 && check.json["decision"] as? String == "allow")   // the live answer
        let screen = try await http(server.port, "POST", "/v1/screen", headers: [("Content-Type", "application/x-ndjson")],
                                    body: Array("{\"id\":\"s1\",\"text\":\"alpha\"}\n{\"text\":\"neither\"}\n".utf8))
        #expect(screen.status == 200)
        let shadow = try await http(server.port, "GET", "/v1/shadow")
        #expect(shadow.status == 200)
        #expect(shadow.json["compared"] as? Int == 3)
        #expect((shadow.json["disagreements"] as? [String: Int]) == ["allow→review": 1, "review→allow": 1])
        let recent = shadow.json["recent"] as? [[String: Any]] ?? []
        #expect(recent.map { $0["id"] as? String } == ["s1", "p1"])
        #expect(recent.last?["shadow_rules"] as? [String] == ["test/watch"] && recent.last?["text"] as? String == "beta only")
        let metrics = try await http(server.port, "GET", "/metrics")
        #expect(metrics.text.contains("vigil_shadow_disagreements_total{from=\"allow\",to=\"review\"} 1"))
        let promoted = try await http(server.port, "POST", "/v1/reload?promote=shadow")
        #expect(promoted.status == 200 && promoted.json["rules_version"] as? Int == 2)
        let after = try await postJSON(server.port, "/v1/check", #"{"text":"beta only"}"#)
        #expect(after.json["decision"] as? String == "review")
        let again = try await http(server.port, "POST", "/v1/reload?promote=shadow")
        #expect(again.status == 409)
        try await server.stop()
    }

    @Test func checkDefaultsToPostsAndRefusesUnknownKinds() async throws {
        let server = try await TestServer.start()
        let text = "NimbusPhone X，全网最好的旗舰手机，性能第一，国家级品质认证！"
        let post = try await postJSON(server.port, "/v1/check", "{\"text\":\"\(text)\"}")
        #expect(post.status == 200 && post.json["decision"] as? String == "review")
        let comment = try await postJSON(server.port, "/v1/check", "{\"text\":\"\(text)\",\"kind\":\"comment\"}")
        #expect(comment.json["decision"] as? String == "allow")
        let typo = try await postJSON(server.port, "/v1/check", "{\"text\":\"\(text)\",\"kind\":\"posts\"}")
        #expect(typo.status == 400 && typo.json["decision"] as? String == "review")
        #expect((typo.json["error"] as? String)?.contains("unknown kind `posts` (the policy defines: comment, post)") == true)
        try await server.stop()
    }
}
