// A detector as a compiled rule runs it: the detector, the rule it reports for, and
// which view it scans. It lives with the detectors because the prescan
// (DetectorPrescan) decides per post which of them run; the rule compiler fills them.

/// A detector rule ready to run.
public struct DetectorMatcher: Sendable {
    public var rule: Int32
    public var detector: any Detector
    /// Index of the first matcher using the same detector on the same view, so each
    /// detector scans each view once per post.
    public var sharedScan: Int32
    /// As `RegexMatcher.subsetView`; -2 for the original text (`normalize: false`).
    public var subsetView: Int32 = -1
}
