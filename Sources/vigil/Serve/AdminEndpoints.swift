// GET /healthz, GET /metrics and POST /v1/reload: what operations and monitoring use to
// see that the server is up, what it has done, and to swap its rules.
import Hummingbird
import VigilEngine

extension ServeResponder {
    func health() -> Response {
        let rules = state.rules.snapshot
        var writer = JSONWriter(capacity: 128)
        writer.beginObject()
        // On a shared store: `degraded` while the database cannot be reached (requests
        // that need it get 503; work resumes by itself when it is back).
        let shared = state.escalation.shared
        writer.key("status"); writer.string(shared.map { $0.healthy ? "ok" : "degraded" } ?? "ok")
        if let shared {
            writer.key("instance"); writer.string(shared.log.instance)
            writer.key("partitions"); writer.beginArray(); for p in shared.owner.status.withLock({ $0.owned }) { writer.int(p) }; writer.endArray()
        }
        writer.key("rules_version"); writer.int(rules.version)
        writer.key("rules"); writer.int(rules.engine.rules.rules.count)
        writer.endObject()
        writer.bytes.append(0x0A)
        return ServeResponse.bytes(writer.bytes)
    }

    func metrics() -> Response {
        let text = state.metrics.render(rules: state.rules.snapshot, escalation: state.escalation) + state.shadow.metrics()
            + (state.console?.metricsText() ?? "")
        return ServeResponse.bytes(Array(text.utf8), contentType: "text/plain; version=0.0.4; charset=utf-8")
    }

    /// 200 with the new version, or 422 with every lint problem when the rules do not
    /// load (the old rules stay in use). `?promote=shadow` makes the shadow rules live
    /// instead (409 when there are none).
    func reload(_ request: Request) async -> Response {
        if let promote = request.uri.queryParameters["promote"] {
            guard promote == "shadow" else { return ServeResponse.error(.badRequest, "promote takes `shadow`") }
            guard let rules = state.promoteShadow() else {
                return ServeResponse.error(.conflict, "no shadow rules to promote (start with --shadow-rules PATH)")
            }
            return reloaded(rules)
        }
        switch await state.reloadRules() {
        case .reloaded(let rules):
            return reloaded(rules)
        case .failed(let diagnostics, let kept):
            return notReloaded(diagnostics, kept: kept)
        }
    }

    /// The 200 answer of a reload.
    func reloaded(_ rules: LoadedRules) -> Response {
        var writer = JSONWriter(capacity: 256)
        writer.beginObject()
        writer.key("reloaded"); writer.bool(true)
        writer.key("rules_version"); writer.int(rules.version)
        writer.key("rules"); writer.int(rules.engine.rules.rules.count)
        writer.key("warnings")
        writer.beginArray()
        for warning in rules.engine.warnings { writer.string(warning.description) }
        writer.endArray()
        writer.endObject()
        writer.bytes.append(0x0A)
        return ServeResponse.bytes(writer.bytes)
    }

    /// The 422 answer of a failed reload.
    func notReloaded(_ diagnostics: [RuleDiagnostic], kept: LoadedRules) -> Response {
        let errors = diagnostics.filter { $0.level == .error }.count
        return ServeResponse.error(.unprocessableContent, "rules not reloaded: \(errors) error\(errors == 1 ? "" : "s"); still using rules version \(kept.version)", fields: [
            ("reloaded", { $0.bool(false) }),
            ("rules_version", { $0.int(kept.version) }),
            ("diagnostics", { writer in
                writer.beginArray()
                for diagnostic in diagnostics { writer.string(diagnostic.description) }
                writer.endArray()
            }),
        ])
    }
}
