import ArgumentParser
import Foundation
import MynaKit

/// `myna diarize`: who spoke when.
struct Diarize: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diarize",
        abstract: "Find who spoke when in a recording (speaker turns), or score turns against a reference.",
        discussion: """
        Silero VAD finds the speech; GE2E embeds overlapping 1.6 s windows of it (one every 0.4 s); the windows are \
        grouped into speakers by average-linkage clustering, cut at --num-speakers when given, else where voices \
        are less similar than the calibrated threshold (\(DiarizationCalibration.shipped.threshold)), within \
        --min-speakers…--max-speakers. Speakers enrolled in the speaker database whose voice matches (at the \
        verification threshold) are named; the others are SPEAKER_00, SPEAKER_01… in order of first appearance.

        Output: a table of turns (start, end, speaker) by default; --format rttm prints NIST RTTM lines as pyannote \
        writes them; --format json an object with the speakers and turns. -o writes to a file instead.

        Examples:
          myna diarize interview.flac
          myna diarize --num-speakers 2 --format rttm -o interview.rttm interview.flac
          myna diarize evaluate reference.rttm interview.rttm

        \(SpeakerExitCodes.help)
        """,
        subcommands: [DiarizeRecording.self, DiarizeEvaluate.self],
        defaultSubcommand: DiarizeRecording.self)
}

/// `myna diarize FILE`.
struct DiarizeRecording: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Print the speaker turns of a recording (the default: 'myna diarize FILE').",
        discussion: """
        Examples:
          myna diarize meeting.flac
          myna diarize --num-speakers 3 --format json meeting.flac
          myna diarize --max-speakers 4 --format rttm -o meeting.rttm meeting.flac
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, rttm, json }

    @Argument(help: ArgumentHelp("The recording ('-' reads it from stdin).", valueName: "file"))
    var file: String

    @Option(name: .customLong("num-speakers"), parsing: .unconditional, help: "The number of speakers, when known.")
    var numSpeakers: Int?

    @Option(name: .customLong("min-speakers"), parsing: .unconditional, help: "At least this many speakers (when not given).")
    var minSpeakers = DiarizationOptions.default.minSpeakers

    @Option(name: .customLong("max-speakers"), parsing: .unconditional, help: "At most this many speakers (when not given).")
    var maxSpeakers = DiarizationOptions.default.maxSpeakers

    @Option(name: .customLong("min-turn"), parsing: .unconditional, help: ArgumentHelp("Shorter turns inside speech go to their neighbour.", valueName: "seconds"))
    var minTurn = DiarizationOptions.default.minTurnSeconds

    @Option(name: .long, help: "table, rttm or json.")
    var format = Format.table

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "path"))
    var output: String?

    @OptionGroup var encoderOptions: SpeakerEncoderOptions
    @OptionGroup var database: SpeakerDatabaseOptions

    var options: DiarizationOptions {
        var options = DiarizationOptions.default
        options.speakerCount = numSpeakers
        options.minSpeakers = minSpeakers
        options.maxSpeakers = maxSpeakers
        options.minTurnSeconds = minTurn
        return options
    }

    func validate() throws {
        try OptionBounds.library { try options.validate() }
    }

    struct Output: Encodable {
        var file: String
        var speakers: [String]
        var turns: [SpeakerTurn]
    }

    func run() throws {
        if let output { try OutputFile.checkDestination(output) }
        let service = SpeakerService(store: try database.storeForReading(), encoder: encoderOptions.configuration())
        let input = try StandardInput.resolve(file)
        let result = try service.diarize(.file(path: input), options: options)
        let name = StandardInput.displayName(for: input)
        let text: String
        switch format {
        case .table:
            let rows = result.turns.map { String(format: "%8.2f  %8.2f  %@", $0.start, $0.end, $0.speaker) }
            text = (["   start       end  speaker"] + rows).joined(separator: "\n") + "\n"
        case .rttm:
            let fileID = URL(fileURLWithPath: name).deletingPathExtension().lastPathComponent
            text = RTTM.lines(result.turns, fileID: fileID).map { $0 + "\n" }.joined()
        case .json:
            text = try SpeakerOutput.json(Output(file: name, speakers: result.speakers, turns: result.turns)) + "\n"
        }
        if let output { try OutputFile.write(text, to: output) } else { try StandardOutput.write(text) }
    }
}

/// `myna diarize evaluate REFERENCE HYPOTHESIS`.
struct DiarizeEvaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Diarization error rate of RTTM turns against a reference RTTM, as md-eval scores it.",
        discussion: """
        Missed speech + false alarm + speaker confusion over the reference speech, with the one-to-one speaker \
        mapping that maximises common time and a collar (0.25 s) around every reference boundary left unscored; \
        overlapping speech is scored. Files with several recordings are scored per recording and in total.

        Example:
          myna diarize evaluate reference.rttm hypothesis.rttm
        """)

    @Argument(help: ArgumentHelp("The reference RTTM file.", valueName: "reference"))
    var reference: String

    @Argument(help: ArgumentHelp("The RTTM file to score.", valueName: "hypothesis"))
    var hypothesis: String

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Seconds not scored on each side of a reference boundary.", valueName: "seconds"))
    var collar = 0.25

    @Flag(name: .long, help: "Print the result as JSON.")
    var json = false

    func validate() throws {
        guard collar.isFinite, collar >= 0, collar <= 5 else { throw ValidationError("--collar must be between 0 and 5 seconds.") }
    }

    struct Row: Encodable {
        var file: String
        var der: Double
        var missed: Double
        var falseAlarm: Double
        var confusion: Double
        var referenceSeconds: Double
        var referenceSpeakers: Int
        var hypothesisSpeakers: Int
    }

    func run() throws {
        func read(_ path: String) throws -> [String: [SpeakerTurn]] {
            let text: String
            do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
                throw ConfigurationError(field: path, message: FileReadProblem.describe(error, path: path, expected: "an RTTM text file"))
            }
            return try RTTM.parse(text, location: path)
        }
        let references = try read(reference), hypotheses = try read(hypothesis)
        var rows: [Row] = []
        var totals = (errors: 0.0, reference: 0.0, missed: 0.0, falseAlarm: 0.0, confusion: 0.0)
        for file in Set(references.keys).union(hypotheses.keys).sorted() {
            let score = DiarizationErrorRate(reference: references[file] ?? [], hypothesis: hypotheses[file] ?? [], collarSeconds: collar)
            rows.append(Row(file: file, der: score.rate, missed: score.missedSeconds, falseAlarm: score.falseAlarmSeconds,
                            confusion: score.confusionSeconds, referenceSeconds: score.referenceSeconds,
                            referenceSpeakers: score.referenceSpeakerCount, hypothesisSpeakers: score.hypothesisSpeakerCount))
            totals.reference += score.referenceSeconds
            totals.missed += score.missedSeconds
            totals.falseAlarm += score.falseAlarmSeconds
            totals.confusion += score.confusionSeconds
        }
        let errors = totals.missed + totals.falseAlarm + totals.confusion
        let total = Row(file: "TOTAL", der: totals.reference > 0 ? errors / totals.reference : (errors > 0 ? 1 : 0),
                        missed: totals.missed, falseAlarm: totals.falseAlarm, confusion: totals.confusion,
                        referenceSeconds: totals.reference, referenceSpeakers: rows.map(\.referenceSpeakers).reduce(0, +),
                        hypothesisSpeakers: rows.map(\.hypothesisSpeakers).reduce(0, +))
        if json {
            try StandardOutput.write(SpeakerOutput.json(rows + [total]) + "\n")
            return
        }
        var lines = ["file                      DER %   missed  false alarm  confusion  reference s  speakers ref/hyp"]
        for row in rows + [total] {
            lines.append(String(format: "%-24@ %6.2f  %7.2f  %11.2f  %9.2f  %11.2f  %d/%d", row.file, 100 * row.der, row.missed,
                                row.falseAlarm, row.confusion, row.referenceSeconds, row.referenceSpeakers, row.hypothesisSpeakers))
        }
        try StandardOutput.write(lines.joined(separator: "\n") + "\n")
    }
}
