import Glibc
import MynaCore
import Testing
@testable import MynaALSA

/// The funnel's error mapping. A busy device cannot be produced without hardware (only a `hw` device can be held by
/// another program), so -EBUSY is fed through the funnel directly.
@Suite("ALSA call funnel")
struct ALSACallTests {
    @Test("-EBUSY becomes deviceBusy with the call, code and strerror text")
    func busy() throws {
        let error = try #require(throws: AudioIOError.self) {
            try alsaCall("snd_pcm_open", device: "hw:0,0") { -EBUSY }
        }
        #expect(error.code == .deviceBusy)
        #expect(error.location == "hw:0,0")
        #expect(error.message.hasPrefix("device busy: another program is using it"))
        #expect(error.message.contains("snd_pcm_open: error -16: Device or resource busy"))
    }

    @Test("missing-device codes become deviceNotFound", arguments: [ENOENT, ENODEV, ENXIO])
    func notFound(code: Int32) throws {
        let error = try #require(throws: AudioIOError.self) {
            try alsaCall("snd_pcm_open", device: "hw:3,0") { -code }
        }
        #expect(error.code == .deviceNotFound)
        #expect(error.message.contains("error -\(code)"))
    }

    @Test("other codes keep the caller's failure code and problem")
    func otherFailure() throws {
        let error = try #require(throws: AudioIOError.self) {
            try alsaCall("snd_pcm_hw_params", device: "plughw:1,0", failure: .unsupportedFormat,
                         problem: "the device refused the negotiated parameters") { -EINVAL }
        }
        #expect(error.code == .unsupportedFormat)
        #expect(error.description == """
            plughw:1,0: the device refused the negotiated parameters (ALSA snd_pcm_hw_params: error -22: Invalid argument)
            """)
    }

    @Test("-EINTR is retried; non-negative results are returned")
    func interruptedIsRetried() throws {
        var attempts = 0
        let result = try alsaCall("snd_pcm_readi", device: "default") { () -> Int in
            attempts += 1
            return attempts < 3 ? -Int(EINTR) : 42
        }
        #expect(result == 42)
        #expect(attempts == 3)
    }
}
