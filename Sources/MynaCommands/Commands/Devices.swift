import ArgumentParser
import Foundation
import MynaKit

/// `myna devices`: the ALSA capture and playback devices and the sound cards.
struct Devices: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices",
        abstract: "List ALSA capture and playback devices and sound cards.",
        discussion: """
        Lists the PCM devices ALSA's configuration describes (snd_device_name_hint), split into those that can \
        record and those that can play, and the sound cards the kernel knows. Pass a device's name to \
        'myna record --device' or 'myna play --device'. hw:X,Y opens card X, device Y as it is; plughw:X,Y lets \
        ALSA convert formats; default is the sound server or first card. On a machine without a sound card the \
        card list is empty and only configuration-defined devices such as null appear.

        Examples:
          myna devices
          myna devices --json
        """)

    @Flag(name: .customLong("json"), help: "Print the lists as JSON on stdout.")
    var json = false

    func run() throws {
        let list = try ALSADeviceList.current()
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(list), as: UTF8.self))
        } else {
            print(Self.table(list), terminator: "")
        }
    }

    static func table(_ list: ALSADeviceList) -> String {
        var text = ""
        func section(_ title: String, _ devices: [ALSADevice], empty: String) {
            guard !devices.isEmpty else {
                text += "\(empty)\n"
                return
            }
            text += "\(title):\n"
            let width = devices.map(\.name.count).max() ?? 0
            for device in devices {
                let padding = String(repeating: " ", count: width - device.name.count)
                let line = device.description.isEmpty ? device.name : "\(device.name)\(padding)  \(device.description)"
                text += "  \(line)\n"
            }
        }
        section("Capture devices (myna record --device NAME)", list.capture, empty: "No capture devices found.")
        section("Playback devices (myna play --device NAME)", list.playback, empty: "No playback devices found.")
        if list.cards.isEmpty {
            text += "No sound cards found.\n"
        } else {
            text += "Sound cards:\n"
            for card in list.cards {
                text += "  \(card.index)  \(card.name)\(card.longName.isEmpty ? "" : " (\(card.longName))")\n"
            }
        }
        return text
    }
}
