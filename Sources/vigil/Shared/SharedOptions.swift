// The options of `vigil serve` that only mean something on a shared PostgreSQL store
// (docs/shared.md): the instance's name, how many topic partitions escalation is split
// into, and how long a partition's lease lasts without renewal.
import ArgumentParser

struct SharedOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("This instance's name on a shared PostgreSQL store (default: host name and pid). A restarted instance given its old name continues its numbering.", valueName: "name"))
    var instance: String?

    @Option(name: .long, help: ArgumentHelp("Topic partitions of shared escalation (with --database postgresql://…); every instance of one database must use the same number.", valueName: "n"))
    var partitions = 4

    @Option(name: .long, help: ArgumentHelp("Seconds a partition's lease lasts unrenewed: how long after an instance dies another takes over its topics.", valueName: "seconds"))
    var lease = 10.0

    func validateShared() throws {
        if !(1...256).contains(partitions) { throw ValidationError("--partitions must be in 1...256") }
        if !(lease >= 1 && lease <= 3600) { throw ValidationError("--lease must be 1...3600 seconds") }
        if let instance, instance.isEmpty || instance.count > 200 { throw ValidationError("--instance takes a name of 1…200 characters") }
    }

    var settings: SharedSettings {
        SharedSettings(instance: instance ?? SharedSettings.defaultInstance, partitions: partitions,
                       leaseMilliseconds: Int64(lease * 1000))
    }
}
