import MynaCore
import MynaRecognition
import Testing

/// Speaker labels in every format (`myna transcribe --speakers`): `[NAME]: ` before txt, tsv and srt lines, a WebVTT
/// voice span around vtt cue text, `"speaker"` on json segments and words; a cue never spans two speakers.
@Suite struct SpeakerTranscriptWriterTests {
    static let transcript: Transcript = {
        func word(_ text: String, _ start: Double, _ end: Double, _ speaker: String) -> TranscriptWord {
            TranscriptWord(word: text, start: start, end: end, probability: 0.5, speaker: speaker)
        }
        let segments = [
            TranscriptSegment(id: 0, seek: 0, start: 0, end: 2, text: " Hello there.", tokens: [1, 2], temperature: 0,
                              avgLogProb: -0.25, compressionRatio: 1, noSpeechProb: 0.125,
                              words: [word(" Hello", 0, 0.5, "SPEAKER_00"), word(" there.", 0.5, 2, "SPEAKER_00")], speaker: "SPEAKER_00"),
            TranscriptSegment(id: 1, seek: 0, start: 2.5, end: 4, text: " Yes.", tokens: [3], temperature: 0,
                              avgLogProb: -0.25, compressionRatio: 1, noSpeechProb: 0.125,
                              words: [word(" Yes.", 2.5, 4, "Ada Lovelace")], speaker: "Ada Lovelace"),
        ]
        return Transcript(text: " Hello there. Yes.", segments: segments, language: "en")
    }()

    @Test func textFormatsPrefixTheSpeaker() {
        var txt = TranscriptFormat.txt.makeWriter()
        #expect(txt.render(Self.transcript) == "[SPEAKER_00]: Hello there.\n[Ada Lovelace]: Yes.\n")
        var tsv = TranscriptFormat.tsv.makeWriter()
        #expect(tsv.render(Self.transcript) == "start\tend\ttext\n0\t2000\t[SPEAKER_00]: Hello there.\n2500\t4000\t[Ada Lovelace]: Yes.\n")
    }

    /// With line limits a cue may span segments; a change of speaker still ends it.
    @Test(arguments: [SubtitleLayout(), SubtitleLayout(maxLineWidth: 42, maxLineCount: 2)])
    func subtitlesLabelEachCue(layout: SubtitleLayout) {
        var srt = TranscriptFormat.srt.makeWriter(subtitles: layout)
        #expect(srt.render(Self.transcript) == """
            1
            00:00:00,000 --> 00:00:02,000
            [SPEAKER_00]: Hello there.

            2
            00:00:02,500 --> 00:00:04,000
            [Ada Lovelace]: Yes.


            """)
        var vtt = TranscriptFormat.vtt.makeWriter(subtitles: layout)
        #expect(vtt.render(Self.transcript) == """
            WEBVTT

            00:00.000 --> 00:02.000
            <v SPEAKER_00>[SPEAKER_00]: Hello there.</v>

            00:02.500 --> 00:04.000
            <v Ada Lovelace>[Ada Lovelace]: Yes.</v>


            """)
    }

    @Test func jsonCarriesTheSpeakerOnSegmentsAndWords() {
        var json = TranscriptFormat.json.makeWriter()
        let output = json.render(Self.transcript)
        #expect(output.contains("""
            "no_speech_prob": 0.125, "speaker": "SPEAKER_00", "words": [{"word": " Hello", "start": 0.0, "end": 0.5, \
            "probability": 0.5, "speaker": "SPEAKER_00"}
            """))
        #expect(output.contains(#""word": " Yes.", "start": 2.5, "end": 4.0, "probability": 0.5, "speaker": "Ada Lovelace"}"#))
    }
}
