// Reading `classifier: {model: NAME, min: 0.8}` from a rule file: the model file is
// `models/NAME.vgm` beside the rule file (or the path given, when NAME holds a `/` or
// ends in `.vgm`), read and checked here, so a missing, corrupt or other-version model
// is a load error (exit 78) that names the file, like any other rule problem.
import Yams

extension RuleLoader {
    /// Where the model a rule in `file` names lives.
    static func modelPath(_ name: String, ruleFile file: String) -> String {
        let relative = name.contains("/") || name.hasSuffix(".vgm") ? name : "models/\(name).vgm"
        return RuleSource.resolve(relative, against: file)
    }

    mutating func readClassifier(_ node: Node, file: String) -> RuleMatcher? {
        guard let map = node.mapping else {
            error("`classifier` must be a mapping with `model` and `min`", location(node, file))
            return nil
        }
        checkKeys(map, allowed: ["model", "min"], what: "classifier", file: file)
        guard let modelNode = map[field: "model"], let name = string(modelNode, "classifier.model", file), !name.isEmpty else {
            error("`classifier.model` must name a model", location(node, file))
            return nil
        }
        guard let minNode = map[field: "min"], let minimum = minNode.float, minimum > 0, minimum < 1 else {
            error("`classifier.min` must be a probability between 0 and 1 (exclusive)", location(map[field: "min"] ?? node, file))
            return nil
        }
        let path = RuleLoader.modelPath(name, ruleFile: file)
        var spec = ClassifierSpec(model: Located(name, at: location(modelNode, file)), path: path, minimum: minimum, loaded: nil)
        guard let bytes = source.readBinaryCompanion(path) else {
            error("cannot read model file \(path) (model `\(name)`)", location(modelNode, file))
            return nil
        }
        do {
            spec.loaded = try TextClassifierModel.parse(bytes)
        } catch {
            self.error("model file \(path): \(error.message)", location(modelNode, file))
            return nil
        }
        return .classifier(spec)
    }
}
