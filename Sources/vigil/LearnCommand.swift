// `vigil learn`: trains a classifier model for `classifier:` rules from a labelled file
// (the same CSV / JSONL input and options as `vigil evaluate`), prints cross-validated
// precision, recall and F1 with the precision–recall points to pick a `min:` from, and
// writes the model file atomically (nothing is written unless training succeeds).
// A measuring and authoring tool, not a hot path: it reads the whole file with Foundation.
import ArgumentParser
import Foundation
import VigilEngine

struct LearnCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "learn",
        abstract: "Train a text classifier for `classifier:` rules from a labeled file.",
        discussion: """
            Input as for `vigil evaluate`: JSONL records or CSV with a header row; --text-column, \
            --label-column and --positive (default: 1 and true) say where the text and label are. \
            The same data, options and --seed give the same model file, byte for byte. \
            A rule uses the model as `classifier: {model: NAME, min: 0.8}`, looked up as models/NAME.vgm \
            beside the rule file (the default --out). See docs/learn.md.
            Example:
              vigil learn labeled_data.csv --model en-offensive --text-column tweet --label-column class --positive 0 --positive 1
            """
    )

    enum Algorithm: String, ExpressibleByArgument, CaseIterable { case lr, nb }
    enum ScriptChoice: String, ExpressibleByArgument, CaseIterable { case auto, cjk, latin, both }

    @Argument(help: ArgumentHelp("Labeled file (.jsonl or .csv).", valueName: "file"))
    var file: String

    @Option(name: .long, help: ArgumentHelp("Name of the model (rules refer to it by this name).", valueName: "name"))
    var model: String

    @OptionGroup var data: LabelledDataOptions

    @Option(name: .long, help: ArgumentHelp("Model file to write (default: models/NAME.vgm).", valueName: "file"))
    var out: String?

    @Option(name: .long, help: "Seed of the training order and the folds.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Cross-validation folds (0: none).")
    var folds: Int = 5

    @Option(name: .long, help: "lr: logistic regression (default); nb: complement naive Bayes.")
    var algorithm: Algorithm = .lr

    @Option(name: .long, help: "Scripts that give features: auto (those making up 20% or more of the letters), cjk, latin, both.")
    var scripts: ScriptChoice = .auto

    @Option(name: .long, help: "log2 of the number of hash buckets (10–22; the file holds one byte per bucket).")
    var hashBits: UInt8 = 18

    @Option(name: .long, help: "Passes over the data (logistic regression).")
    var epochs: Int = 6

    @Option(name: .long, help: ArgumentHelp("L1 penalty (logistic regression).", visibility: .hidden))
    var l1: Double = 1.5

    @Option(name: .long, help: ArgumentHelp("L2 penalty (logistic regression).", visibility: .hidden))
    var l2: Double = 1.0

    @Option(name: .long, help: ArgumentHelp("FTRL learning rate (logistic regression).", visibility: .hidden))
    var rate: Double = 1.0

    @Option(name: .long, help: ArgumentHelp("CJK character n-grams: `MAX` (1 to MAX) or `MIN-MAX`, 0–3 (0: none).", visibility: .hidden))
    var cjkN: String = "3"

    @Option(name: .long, help: ArgumentHelp("Words: 0 none, 1 words, 2 words and bigrams.", visibility: .hidden))
    var wordN: UInt8 = 2

    @Option(name: .long, help: ArgumentHelp("In-word character n-grams, `MIN-MAX` (0-0: none).", visibility: .hidden))
    var charN: String = "3-4"

    @Option(name: .long, help: ArgumentHelp("In-word character n-grams only in words of at least this many bytes (0: all).", visibility: .hidden))
    var charMinWord: UInt8 = 0

    func validate() throws {
        if folds < 0 || folds == 1 { throw ValidationError("--folds must be 0 (no cross-validation) or at least 2") }
        if !(10...22).contains(hashBits) { throw ValidationError("--hash-bits must be from 10 to 22") }
        if epochs < 1 { throw ValidationError("--epochs must be at least 1") }
        if model.isEmpty || !model.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }) {
            throw ValidationError("--model must match [a-z0-9-]+")
        }
        if characterNGrams == nil { throw ValidationError("--char-n must be MIN-MAX with 0 ≤ MIN ≤ MAX ≤ 6") }
        if cjkNGrams == nil { throw ValidationError("--cjk-n must be MAX or MIN-MAX with 1 ≤ MIN ≤ MAX ≤ 3 (0: none)") }
        if charMinWord > 32 { throw ValidationError("--char-min-word must be from 0 to 32") }
    }

    var cjkNGrams: (UInt8, UInt8)? {
        let parts = cjkN.split(separator: "-", omittingEmptySubsequences: false).map { UInt8($0) }
        if parts.count == 1, let maximum = parts[0], maximum <= 3 { return (1, maximum) }
        guard parts.count == 2, let minimum = parts[0], let maximum = parts[1], minimum >= 1, minimum <= maximum, maximum <= 3 else { return nil }
        return (minimum, maximum)
    }

    var characterNGrams: (UInt8, UInt8)? {
        let parts = charN.split(separator: "-").compactMap { UInt8($0) }
        guard parts.count == 2, parts[0] <= parts[1], parts[1] <= 6, (parts[0] > 0) || parts[1] == 0 else { return nil }
        return (parts[0], parts[1])
    }

    func run() throws {
        let started = ContinuousClock.now
        let records = try LearnInput.read(file, data: data)
        let positives = data.positiveLabels
        let labels = records.map { positives.contains($0.label.lowercased()) }
        let positiveCount = labels.filter { $0 }.count
        if positiveCount == 0 { throw fail(ExitStatus.dataError, "\(file):\(records[0].line): no row has a positive label (\(positives.sorted().joined(separator: ", "))); cannot train") }
        if positiveCount == records.count { throw fail(ExitStatus.dataError, "\(file):\(records[0].line): every row has a positive label; no negative row to train on") }
        let texts = records.map(\.text)
        var settings = NGramFeatures.Settings()
        settings.hashBits = hashBits
        (settings.cjkMinN, settings.cjkMaxN) = cjkNGrams!
        settings.charMinWordBytes = charMinWord
        settings.wordMaxN = wordN
        (settings.charMinN, settings.charMaxN) = characterNGrams!
        settings.scripts = scripts == .auto ? LearnInput.scripts(of: texts) : scripts == .cjk ? .cjk : scripts == .latin ? .latin : [.cjk, .latin]
        var options = TrainerOptions()
        options.algorithm = algorithm == .lr ? .logisticRegression : .naiveBayes
        (options.epochs, options.l1, options.l2, options.alpha, options.seed) = (epochs, l1, l2, rate, seed)

        var report = LearnReport(file: file, rows: records.count, positives: positiveCount, labels: positives.sorted(), settings: settings, options: options)
        let set = TrainingSet(texts: texts, labels: labels, settings: settings)
        report.featurizeSeconds = seconds(since: started)
        var calibration = (a: 1.0, b: 0.0)
        if folds >= 2 {
            let validationStart = ContinuousClock.now
            let result = CrossValidation.run(set, folds: folds, options: options)
            report.crossValidation = result
            report.folds = folds
            report.validationSeconds = seconds(since: validationStart)
            calibration = result.calibration
        } else if options.algorithm == .naiveBayes {
            throw fail(ExitStatus.usage, "naive Bayes needs cross-validation (--folds 2 or more) to scale its scores into probabilities")
        }
        let trainStart = ContinuousClock.now
        let floatModel = ClassifierTrainer.train(set, indices: Array(set.examples.indices), options: options)
        let trained = ClassifierTrainer.quantize(floatModel, name: model, settings: settings, algorithm: options.algorithm, calibration: calibration)
        report.trainSeconds = seconds(since: trainStart)
        let bytes = trained.serialized()
        let path = out ?? "models/\(model).vgm"
        try LearnInput.writeAtomically(bytes, to: path)
        report.written = (path, bytes.count, trained.weights.lazy.filter { $0 != 0 }.count)
        report.totalSeconds = seconds(since: started)
        try writeStdout(report.render(model: model))
    }

    func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
