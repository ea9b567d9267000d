import Dispatch

/// Where connections run: Dispatch threads of their own, not Swift's cooperative pool. A connection synthesizes
/// sentences synchronously (VITS and HiFi-GAN for a second or more); on the cooperative pool (one thread per core)
/// two such requests would stall every other connection, their `ping`s and `describe`s included.
final class ConnectionExecutor: TaskExecutor, @unchecked Sendable {
    static let shared = ConnectionExecutor()

    private let queue = DispatchQueue(label: "myna.wyoming.connections", qos: .userInitiated, attributes: .concurrent)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}
