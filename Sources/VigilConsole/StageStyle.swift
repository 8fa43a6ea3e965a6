// How each crisis stage looks in the console: a colour, a fill pattern and a short
// label, so a stage is never told by colour alone (badges carry their name, chart bands
// their label and hatching).
import VigilEngine

struct StageStyle {
    let fill: String
    let ink: String
    /// An SVG pattern id drawn over the fill (nil: plain).
    let pattern: String?
    let short: String

    static func of(_ state: EscalationState) -> StageStyle {
        switch state {
        case .monitoring: StageStyle(fill: "#eef1f4", ink: "#4a5563", pattern: nil, short: "MON")
        case .earlyWarning: StageStyle(fill: "#fbe7b5", ink: "#7a4d00", pattern: "dots", short: "EW")
        case .rapidResponse: StageStyle(fill: "#f8c9c6", ink: "#8f1d17", pattern: "hatch", short: "RR")
        case .assessment: StageStyle(fill: "#e3d9f7", ink: "#4b2a91", pattern: "cross", short: "ASM")
        case .strategy: StageStyle(fill: "#d4e4fb", ink: "#174a95", pattern: "vlines", short: "STR")
        case .execution: StageStyle(fill: "#cfeee8", ink: "#0d5c50", pattern: "hlines", short: "EXE")
        case .followUp: StageStyle(fill: "#dcefd5", ink: "#2d5f1e", pattern: nil, short: "FU")
        case .recovery: StageStyle(fill: "#e6f2e1", ink: "#2d5f1e", pattern: nil, short: "REC")
        }
    }

    /// The `<pattern>` definitions the bands refer to.
    static let patternDefinitions = """
    <defs>\
    <pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="#8f1d17" stroke-opacity="0.28" stroke-width="2"/></pattern>\
    <pattern id="dots" width="6" height="6" patternUnits="userSpaceOnUse"><circle cx="3" cy="3" r="1" fill="#7a4d00" fill-opacity="0.3"/></pattern>\
    <pattern id="cross" width="8" height="8" patternUnits="userSpaceOnUse"><path d="M0 0L8 8M8 0L0 8" stroke="#4b2a91" stroke-opacity="0.22"/></pattern>\
    <pattern id="vlines" width="6" height="6" patternUnits="userSpaceOnUse"><line x1="3" y1="0" x2="3" y2="6" stroke="#174a95" stroke-opacity="0.22"/></pattern>\
    <pattern id="hlines" width="6" height="6" patternUnits="userSpaceOnUse"><line x1="0" y1="3" x2="6" y2="3" stroke="#0d5c50" stroke-opacity="0.22"/></pattern>\
    </defs>
    """
}

/// Escapes text for HTML and SVG (element content and quoted attributes).
func escapeMarkup(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for c in text.unicodeScalars {
        switch c {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.unicodeScalars.append(c)
        }
    }
    return out
}
