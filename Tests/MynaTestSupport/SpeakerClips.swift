/// Real speakers from `../shared/data/speaker` that the speaker tests enrol, verify and identify.
public enum SpeakerClips {
    static let dev = "speaker/dev/"
    /// Two enrolment clips of "alice" (LibriSpeech speaker 2609) and a held-out one.
    public static let alice = ["spk-rz-2609-156975-0000.flac", "spk-rz-2609-156975-0001.flac"].map { Fixtures.shared(dev + $0) }
    public static let aliceTest = Fixtures.shared(dev + "spk-rz-2609-156975-0003.flac")
    /// An enrolment clip of "bob" (speaker 3080) and a held-out one.
    public static let bob = Fixtures.shared(dev + "spk-rz-3080-5032-0000.flac")
    public static let bobTest = Fixtures.shared(dev + "spk-rz-3080-5032-0003.flac")
    /// Someone never enrolled.
    public static let stranger = Fixtures.shared("speaker/impostors/imp-rz-103-1240-0000.flac")
    /// A spoken digit of about 0.4 s from an 8 kHz source.
    public static let short = Fixtures.shared(dev + "spk-fsdd-0_george_0.flac")
}
