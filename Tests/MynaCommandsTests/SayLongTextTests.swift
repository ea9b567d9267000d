import Foundation
import MynaAudioFile
import MynaTestSupport
import Testing

/// `myna say` of long text without punctuation (issue 15, item 7): espeak-ng makes it one sentence per 4,000-character
/// block, which Myna must synthesize in bounded pieces. Before the split, 10,000 characters took 2.6 GB.
@Suite struct SayLongTextTests {
    /// The bound of the done-when; unsplit, the same text takes over five times this.
    static let peakLimitKiB = 500 * 1024

    @Test func tenThousandCharactersWithoutPunctuationStayUnder500MB() throws {
        try SayCommandTests.voiceInstalled()
        try #require(FileManager.default.isExecutableFile(atPath: MynaExecutable.timeCommand),
                     "\(MynaExecutable.timeCommand) is missing: run scripts/setup.sh (Debian package time)")
        let text = UnpunctuatedText.make(characters: 10_000)
        try #require(text.count > 9_980 && !text.contains { $0.isPunctuation })
        let folder = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("long.txt"), output = folder.appendingPathComponent("long.wav").path
        try Data(text.utf8).write(to: input)

        let (result, peakKiB) = try MynaExecutable.runMeasuringPeakMemory(["say", "--file", input.path, "-o", output])
        #expect(result.exitCode == 0, "\(result.standardError)")
        print("say of \(text.count) characters without punctuation: peak RSS \(peakKiB / 1024) MB")
        #expect(peakKiB < Self.peakLimitKiB, "peak RSS \(peakKiB / 1024) MB")

        let audio = try SoundFileReader.readAll(path: output)
        #expect(audio.format.sampleRate == 22050 && audio.format.channelCount == 1)
        // The voice reads this text at about 18 characters a second (0.054 s each); far less means pieces were
        // lost, far more that something was said twice or silence was put between pieces.
        let secondsPerCharacter = audio.duration / Double(text.count)
        #expect(secondsPerCharacter > 0.04 && secondsPerCharacter < 0.08, "\(audio.duration) s for \(text.count) characters")
        #expect(audio.samples.allSatisfy(\.isFinite) && audio.samples.contains { abs($0) > 0.5 })
    }
}
