import Foundation

/// Whisper's languages by code and English name, and the parser of what users type for them.
///
/// The table is openai-whisper's `whisper/tokenizer.py` (`LANGUAGES`, in token order, and the aliases of
/// `TO_LANGUAGE_CODE`): `--language` takes a code or a name in any case, as `whisper --language English` does.
public enum WhisperLanguage {
    /// Every language code with its lower-case English name, in the order of the tokenizer's language tokens.
    public static let names: [(code: String, name: String)] = [
        ("en", "english"), ("zh", "chinese"), ("de", "german"), ("es", "spanish"), ("ru", "russian"),
        ("ko", "korean"), ("fr", "french"), ("ja", "japanese"), ("pt", "portuguese"), ("tr", "turkish"),
        ("pl", "polish"), ("ca", "catalan"), ("nl", "dutch"), ("ar", "arabic"), ("sv", "swedish"), ("it", "italian"),
        ("id", "indonesian"), ("hi", "hindi"), ("fi", "finnish"), ("vi", "vietnamese"), ("he", "hebrew"),
        ("uk", "ukrainian"), ("el", "greek"), ("ms", "malay"), ("cs", "czech"), ("ro", "romanian"), ("da", "danish"),
        ("hu", "hungarian"), ("ta", "tamil"), ("no", "norwegian"), ("th", "thai"), ("ur", "urdu"), ("hr", "croatian"),
        ("bg", "bulgarian"), ("lt", "lithuanian"), ("la", "latin"), ("mi", "maori"), ("ml", "malayalam"),
        ("cy", "welsh"), ("sk", "slovak"), ("te", "telugu"), ("fa", "persian"), ("lv", "latvian"), ("bn", "bengali"),
        ("sr", "serbian"), ("az", "azerbaijani"), ("sl", "slovenian"), ("kn", "kannada"), ("et", "estonian"),
        ("mk", "macedonian"), ("br", "breton"), ("eu", "basque"), ("is", "icelandic"), ("hy", "armenian"),
        ("ne", "nepali"), ("mn", "mongolian"), ("bs", "bosnian"), ("kk", "kazakh"), ("sq", "albanian"),
        ("sw", "swahili"), ("gl", "galician"), ("mr", "marathi"), ("pa", "punjabi"), ("si", "sinhala"),
        ("km", "khmer"), ("sn", "shona"), ("yo", "yoruba"), ("so", "somali"), ("af", "afrikaans"), ("oc", "occitan"),
        ("ka", "georgian"), ("be", "belarusian"), ("tg", "tajik"), ("sd", "sindhi"), ("gu", "gujarati"),
        ("am", "amharic"), ("yi", "yiddish"), ("lo", "lao"), ("uz", "uzbek"), ("fo", "faroese"),
        ("ht", "haitian creole"), ("ps", "pashto"), ("tk", "turkmen"), ("nn", "nynorsk"), ("mt", "maltese"),
        ("sa", "sanskrit"), ("lb", "luxembourgish"), ("my", "myanmar"), ("bo", "tibetan"), ("tl", "tagalog"),
        ("mg", "malagasy"), ("as", "assamese"), ("tt", "tatar"), ("haw", "hawaiian"), ("ln", "lingala"),
        ("ha", "hausa"), ("ba", "bashkir"), ("jw", "javanese"), ("su", "sundanese"), ("yue", "cantonese"),
    ]

    /// The argument that asks for the language to be detected (openai-whisper's and faster-whisper's `language=None`):
    /// `--language`'s default in every command that takes one.
    public static let automatic = "auto"

    /// Further names openai-whisper accepts for a language.
    public static let aliases: [String: String] = [
        "burmese": "my", "valencian": "ca", "flemish": "nl", "haitian": "ht", "letzeburgesch": "lb", "pushto": "ps",
        "panjabi": "pa", "moldavian": "ro", "moldovan": "ro", "sinhalese": "si", "castilian": "es", "mandarin": "zh",
    ]

    /// The language code for a `--language` argument: a code or an English name in any case (`EN`, `English`,
    /// `mandarin`), or nil for `automatic` (`auto`: detect the language). Anything else comes back lower-cased, for
    /// the model's tokenizer to refuse with the list of the languages it knows.
    public static func code(fromArgument argument: String) -> String? {
        let typed = argument.trimmingCharacters(in: .whitespaces).lowercased()
        if typed == automatic { return nil }
        if names.contains(where: { $0.code == typed }) { return typed }
        if let entry = names.first(where: { $0.name == typed }) { return entry.code }
        return aliases[typed] ?? typed
    }
}
