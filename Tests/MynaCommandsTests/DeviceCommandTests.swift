import Foundation
import MynaTestSupport
import Testing

/// `myna devices`, `myna record` and `myna play` as a user runs them, on a machine without a sound card. (Recording
/// and playing through ALSA test devices are covered in MynaALSATests, which can generate the ALSA configuration.)
@Suite("myna devices, record and play")
struct DeviceCommandTests {
    private static let clip = Fixtures.shared("asr/dev/coqui-LJ001-0001.flac")

    /// One `myna: error: <location>: …` line on stderr.
    private func expectOneErrorLine(_ result: CommandResult, location: String, containing text: String? = nil,
                                    sourceLocation: SourceLocation = #_sourceLocation) {
        let lines = result.standardError.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2 && lines[1].isEmpty, "one line: \(result.standardError)", sourceLocation: sourceLocation)
        #expect(result.standardError.hasPrefix("myna: error: \(location): "), "\(result.standardError)",
                sourceLocation: sourceLocation)
        if let text {
            #expect(result.standardError.contains(text), "\(result.standardError)", sourceLocation: sourceLocation)
        }
    }

    @Test("myna devices --json prints valid JSON with capture, playback and cards")
    func devicesJSON() throws {
        let result = try MynaExecutable.run(["devices", "--json"])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let capture = try #require(object["capture"] as? [[String: Any]])
        let playback = try #require(object["playback"] as? [[String: Any]])
        let cards = try #require(object["cards"] as? [[String: Any]])
        for device in capture + playback {
            #expect(device["name"] is String)
            #expect(device["description"] is String)
            #expect(["capture", "playback", "both"].contains(device["direction"] as? String))
        }
        for card in cards {
            #expect(card["index"] is Int)
            #expect(card["name"] is String)
        }
    }

    @Test("myna devices says clearly what it found, or that it found nothing")
    func devicesText() throws {
        let result = try MynaExecutable.run(["devices"])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let text = result.standardOutput
        #expect(text.contains("Capture devices (myna record --device NAME):") || text.contains("No capture devices found."))
        #expect(text.contains("Playback devices (myna play --device NAME):") || text.contains("No playback devices found."))
        #expect(text.contains("Sound cards:") || text.contains("No sound cards found."))
    }

    @Test("myna record from a missing device is one error line, a non-zero exit and no file",
          arguments: ["hw:9,0", "nosuchpcm"])
    func recordMissingDevice(device: String) throws {
        let directory = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("out.wav").path
        let result = try MynaExecutable.run(["record", "--device", device, "--duration", "1", output])
        #expect(result.exitCode == 3)
        expectOneErrorLine(result, location: device, containing: "no such audio device")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test("myna play on a missing device is one error line and a non-zero exit", arguments: ["hw:9,0", "nosuchpcm"])
    func playMissingDevice(device: String) throws {
        let result = try MynaExecutable.run(["play", Self.clip, "--device", device])
        #expect(result.exitCode == 3)
        expectOneErrorLine(result, location: device, containing: "no such audio device")
    }

    @Test("myna play of a missing file names the file")
    func playMissingFile() throws {
        let directory = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = directory.appendingPathComponent("missing.wav").path
        let result = try MynaExecutable.run(["play", missing, "--device", "null"])
        #expect(result.exitCode == 2)
        expectOneErrorLine(result, location: missing)
    }

    @Test("myna record refuses bad values before touching the device, without creating a file",
          arguments: [(["--rate", "0"], "--rate", "outside"), (["--channels", "0"], "--channels", "outside"),
                      (["--duration=-1"], "--duration", "not within"), (["--duration", "nan"], "--duration", "not within")])
    func recordBadValues(arguments: [String], field: String, problem: String) throws {
        let directory = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("out.wav").path
        let result = try MynaExecutable.run(["record", "--device", "null"] + arguments + [output])
        #expect(result.exitCode == 2)
        expectOneErrorLine(result, location: field, containing: problem)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test("myna record refuses an output it cannot encode")
    func recordBadExtension() throws {
        let directory = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("out.xyz").path
        let result = try MynaExecutable.run(["record", "--device", "null", "--duration", "1", output])
        #expect(result.exitCode == 2)
        expectOneErrorLine(result, location: output, containing: "unknown output extension")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test("myna record into a missing directory is one error line naming the output")
    func recordMissingDirectory() throws {
        let directory = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("no/such/dir/out.wav").path
        let result = try MynaExecutable.run(["record", "--device", "null", "--duration", "1", output])
        #expect(result.exitCode == 2)
        expectOneErrorLine(result, location: output)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test("myna record from ALSA's null PCM writes the requested length, with a JSON summary")
    func recordFromNull() throws {
        let directory = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("silence.wav").path
        let result = try MynaExecutable.run(["record", "--device", "null", "--duration", "0.5", "--rate", "8000",
                                             "--channels", "2", "--json", output])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(summary["frameCount"] as? Int == 4000)
        #expect(summary["channelCount"] as? Int == 2)
        #expect(summary["seconds"] as? Double == 0.5)
        #expect(FileManager.default.fileExists(atPath: output))
    }

    @Test("each command's help shows an example", arguments: ["devices", "record", "play"])
    func helpHasExamples(command: String) throws {
        let result = try MynaExecutable.run([command, "--help"])
        #expect(result.exitCode == 0)
        #expect(result.standardOutput.contains("Examples:"))
        #expect(result.standardOutput.contains("  myna \(command)"))
    }
}
