// The console's form posts: an operator command to a topic (ack, assessed with a
// severity, strategy_approved, close) and a review decision (approve, remove). Each
// needs a name and a note, passes the same token guard as the JSON endpoints, is
// recorded in the audit log (ServeState.operatorCommand, ServeConsole.decide), and
// answers 303 back to the page with the outcome.
import Hummingbird
import VigilConsole
import VigilEngine
import VigilStore

extension ServeResponder {
    func topicAction(_ request: Request, topic: String) async throws -> Response {
        let form = try await formBody(request)
        let page = "/topics/\(ConsolePages.pathComponent(topic))"
        guard tokenAccepted(request, form) else {
            return Self.seeOther(page, notice: "Not done: the access token is wrong.", isError: true)
        }
        guard let command = form["command"], EscalationCommand.names.contains(command) else {
            return Self.seeOther(page, notice: "Not done: unknown action.", isError: true)
        }
        guard let by = form["by"], let note = form["note"] else {
            return Self.seeOther(page, notice: "Not done: give your name and a note.", isError: true)
        }
        let severity = command == "assessed" ? form["severity"] : nil
        let result = try await state.operatorCommand(topic: topic, command: command, severity: severity, by: by, note: note)
        if let rejection = result.rejection { return Self.seeOther(page, notice: "\(command) rejected: \(rejection)", isError: true) }
        if result.queued {
            return Self.seeOther(page, notice: "\(command) by \(by) is queued: it is applied once every instance's records have passed its time.",
                                 isError: false)
        }
        let moved = result.transitions.split(separator: 0x0A).last.flatMap { ConsoleStoreData.json(String(decoding: $0, as: UTF8.self)) }
        let to = (moved?["to"] as? String).map { "; now \($0)" } ?? ""
        // The command happened at the machines' newest event time (the data's "now"), said
        // in the notice since on a store of past data it is not the wall clock.
        let at = (moved?["at"] as? String).map { ", as of \($0.prefix(10)) \($0.dropFirst(11).prefix(5)) UTC (the newest post's time)" } ?? ""
        return Self.seeOther(page, notice: "\(command) recorded by \(by)\(to)\(at).", isError: false)
    }

    func pageConsole() throws -> ServeConsole {
        guard let console = state.console else {
            throw ServeError(status: .serviceUnavailable, message: "review decisions need a store: start vigil serve with --database PATH")
        }
        return console
    }

    func reviewAction(_ request: Request, id: Int64) async throws -> Response {
        let form = try await formBody(request)
        let page = "/review#item-\(id)"
        guard tokenAccepted(request, form) else {
            return Self.seeOther("/review", notice: "Not done: the access token is wrong.", isError: true)
        }
        guard let action = form["action"].flatMap(ReviewAction.init(rawValue:)) else {
            return Self.seeOther("/review", notice: "Not done: choose approve or remove.", isError: true)
        }
        guard let by = form["by"], let note = form["note"] else {
            return Self.seeOther(page, notice: "Not done: give your name and a note for item #\(id).", isError: true)
        }
        switch try pageConsole().decide(id, action: action, by: by, note: note) {
        case .applied(let item):
            let word = item.status == "open" ? "first review recorded; a second reviewer must decide" : (action == .approve ? "approved" : "removed")
            return Self.seeOther("/review", notice: "Item #\(id) \(word) by \(by).", isError: false)
        case .notFound:
            return Self.seeOther("/review", notice: "No review item #\(id).", isError: true)
        case .alreadyDecided:
            return Self.seeOther("/review", notice: "Item #\(id) was already decided.", isError: true)
        case .sameReviewer:
            return Self.seeOther("/review", notice: "Item #\(id): the second review must come from someone else.", isError: true)
        }
    }
}
