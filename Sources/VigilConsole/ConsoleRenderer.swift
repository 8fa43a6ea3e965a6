// Renders the console's pages: the Mustache templates of console/templates, embedded at
// build time (EmbedConsole), parsed once, filled with a page model and wrapped in the
// common layout (navigation, stylesheet, refresh script).
import Mustache

/// The embedded stylesheet and script, served as /console.css and /console.js and
/// inlined into `vigil report`'s single file.
public enum ConsoleAssets {
    public static let stylesheet = consoleFile_console_css
    public static let script = consoleFile_console_js
}

/// One entry of the navigation bar.
struct NavItem {
    let href: String
    let label: String
    let current: Bool
}

/// What the layout template needs around a page's body.
struct LayoutModel {
    let title: String
    let nav: [NavItem]
    let hasNav: Bool
    let body: String
    /// Poll the page every few seconds and swap its refreshable parts (not in a report).
    let refresh: Bool
    /// The stylesheet inline (a self-contained report) instead of a link to /console.css.
    let inlineStyle: String?
    let inlineScript: String?
    let footer: String
}

enum ConsoleRenderer {
    /// The templates, parsed once. A template that does not parse is a build mistake:
    /// the console tests render every page.
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        let templates: [(String, String)] = [
            ("layout", consoleFile_templates_layout_mustache),
            ("overview", consoleFile_templates_overview_mustache),
            ("topic", consoleFile_templates_topic_mustache),
            ("timeline", consoleFile_templates_timeline_mustache),
            ("review", consoleFile_templates_review_mustache),
            ("check", consoleFile_templates_check_mustache),
            ("rules", consoleFile_templates_rules_mustache),
            ("audit", consoleFile_templates_audit_mustache),
            ("report", consoleFile_templates_report_mustache),
        ]
        for (name, text) in templates {
            do { try library.register(text, named: name) } catch { fatalError("console template \(name) does not parse: \(error)") }
        }
        return library
    }()

    static let sections: [(href: String, label: String)] = [
        ("/", "Overview"), ("/review", "Review queue"), ("/check", "Check a draft"), ("/rules", "Rules"), ("/audit", "Audit log"),
    ]

    /// A page of `vigil serve`: `model` through template `name`, inside the layout.
    static func page(_ name: String, _ model: Any, title: String, section: String, refresh: Bool) -> String {
        let body = library.render(model, withTemplate: name) ?? ""
        let nav = sections.map { NavItem(href: $0.href, label: $0.label, current: $0.href == section) }
        let layout = LayoutModel(title: title, nav: nav, hasNav: true, body: body, refresh: refresh, inlineStyle: nil, inlineScript: nil,
                                 footer: "Vigil operations console")
        return library.render(layout, withTemplate: "layout") ?? body
    }

    /// A body without the layout (a report assembles its own document).
    static func fragment(_ name: String, _ model: Any) -> String {
        library.render(model, withTemplate: name) ?? ""
    }
}
