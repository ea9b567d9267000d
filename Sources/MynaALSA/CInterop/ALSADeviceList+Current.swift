internal import CALSA
import Foundation
import Glibc
import MynaCore

extension ALSADeviceList {
    /// Reads the PCM hints of ALSA's configuration (`snd_device_name_hint`, all cards) and the cards present
    /// (`snd_card_next`). Thread-safe (alsa-lib serialises configuration access).
    ///
    /// - Throws: `AudioIOError` `.deviceFailure` when ALSA's configuration cannot be read.
    public static func current() throws -> ALSADeviceList {
        ALSADeviceList(devices: try hintedDevices(), cards: try cards())
    }

    private static func hintedDevices() throws -> [ALSADevice] {
        var hints: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
        try alsaCall("snd_device_name_hint", device: "ALSA", problem: "cannot read the ALSA configuration") {
            snd_device_name_hint(-1, "pcm", &hints)
        }
        guard let hints else { return [] }
        defer { snd_device_name_free_hint(hints) }
        var devices: [ALSADevice] = []
        var index = 0
        while let hint = hints[index] {
            index += 1
            guard let name = takeHint(hint, "NAME"), !name.isEmpty else { continue }
            let description = (takeHint(hint, "DESC") ?? "")
                .split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }.joined(separator: ", ")
            let direction: ALSADevice.Direction = switch takeHint(hint, "IOID") {
            case "Input": .capture
            case "Output": .playback
            default: .both
            }
            devices.append(ALSADevice(name: name, description: description, direction: direction))
        }
        return devices
    }

    /// One field of a hint; alsa-lib returns a malloc'd copy (or NULL when the field is absent), freed here.
    private static func takeHint(_ hint: UnsafeMutableRawPointer, _ field: String) -> String? {
        guard let value = snd_device_name_get_hint(hint, field) else { return nil }
        defer { free(value) }
        return String(cString: value)
    }

    private static func cards() throws -> [ALSACard] {
        var cards: [ALSACard] = []
        var card: Int32 = -1
        while true {
            try alsaCall("snd_card_next", device: "ALSA", problem: "cannot list sound cards") { snd_card_next(&card) }
            guard card >= 0 else { break }
            cards.append(ALSACard(index: Int(card), name: cardString(card, snd_card_get_name) ?? "card \(card)",
                                  longName: cardString(card, snd_card_get_longname) ?? ""))
        }
        return cards
    }

    /// A malloc'd card string from `snd_card_get_name` or `snd_card_get_longname`, freed here.
    private static func cardString(_ card: Int32,
                                   _ get: (Int32, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32)
        -> String? {
        var value: UnsafeMutablePointer<CChar>?
        let (status, _) = ALSAMessageCapture.capturing { get(card, &value) }
        guard status >= 0, let value else { return nil }
        defer { free(value) }
        return String(cString: value)
    }
}
