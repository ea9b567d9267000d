import Foundation
import MynaCore

/// The two durations every ALSA stream is set up with, checked once for capture and playback alike.
enum ALSABufferDurations {
    /// - Throws: `ConfigurationError` naming the field that is out of range; `usualQueueDuration` is the value the
    ///   message suggests (the stream kind's default).
    static func validate(deviceBufferDuration: Double, queueDuration: Double, usualQueueDuration: Double) throws {
        guard deviceBufferDuration.isFinite, (0.001...10).contains(deviceBufferDuration) else {
            throw ConfigurationError(field: "deviceBufferDuration",
                                     message: "\(deviceBufferDuration) s is outside 0.001…10 s; 0.2 s suits speech")
        }
        guard queueDuration.isFinite, (0.01...3600).contains(queueDuration) else {
            throw ConfigurationError(field: "queueDuration",
                                     message: "\(queueDuration) s is outside 0.01…3600 s; \(usualQueueDuration.formatted) s suits speech")
        }
    }
}

extension ALSABufferDurations {
    /// Frames the queue between the caller and the device thread holds: `queueDuration` at `sampleRate`, rounded up.
    static func queueCapacityFrames(queueDuration: Double, sampleRate: Int) -> Int {
        Int((queueDuration * Double(sampleRate)).rounded(.up))
    }

    /// Starts the thread that moves audio between the device and the queue (capture and playback alike): named for
    /// `top` and debuggers, and at the interactive priority so a busy machine does not starve the device.
    static func startDeviceThread(named name: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.name = name
        thread.qualityOfService = .userInteractive
        thread.start()
    }
}

private extension Double {
    /// `10` rather than `10.0`, as the messages always said.
    var formatted: String { self == rounded() ? String(Int(self)) : String(self) }
}
