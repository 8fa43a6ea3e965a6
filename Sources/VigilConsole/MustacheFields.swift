// The rows the review queue and the overview repeat (50 review items with their hits,
// 100 topics) answer the templates' lookups by name. swift-mustache otherwise finds
// each field through a `Mirror` of the value, once per lookup: that was two thirds of
// the review page's time. Every stored field is listed; a name not listed is absent,
// as it would be for the mirror.
import Mustache

extension ReviewRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": return self.id
        case "received": return self.received
        case "receivedISO": return self.receivedISO
        case "source": return self.source
        case "recordID": return self.recordID
        case "topic": return self.topic
        case "kind": return self.kind
        case "score": return self.score
        case "textHTML": return self.textHTML
        case "hits": return self.hits
        case "reviews": return self.reviews
        case "open": return self.open
        case "step": return self.step
        case "decided": return self.decided
        case "actionURL": return self.actionURL
        default: return nil
        }
    }
}

extension HitRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "rule": return self.rule
        case "category": return self.category
        case "severity": return self.severity
        case "message": return self.message
        case "basis": return self.basis
        case "suggest": return self.suggest
        default: return nil
        }
    }
}

extension ReviewLine: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "text": return self.text
        default: return nil
        }
    }
}

extension OverviewRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "topic": return self.topic
        case "label": return self.label
        case "href": return self.href
        case "stage": return self.stage
        case "severity": return self.severity
        case "incident": return self.incident
        case "since": return self.since
        case "sinceISO": return self.sinceISO
        case "sinceFor": return self.sinceFor
        case "sparkline": return self.sparkline
        default: return nil
        }
    }
}

extension StageBadge: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "raw": return self.raw
        case "name": return self.name
        case "short": return self.short
        default: return nil
        }
    }
}
