import Foundation
import Testing
@testable import MynaALSA

@Suite("ALSA device list")
struct ALSADeviceListTests {
    @Test("the stock configuration's null PCM is listed for capture and playback")
    func listsNull() throws {
        _ = try ALSATestEnvironment.prepare()
        let list = try ALSADeviceList.current()
        #expect(list.capture.contains { $0.name == "null" })
        #expect(list.playback.contains { $0.name == "null" })
        #expect(list.capture.allSatisfy { $0.canCapture })
        #expect(list.playback.allSatisfy { $0.canPlay })
        #expect(list.cards.map(\.index) == list.cards.map(\.index).sorted())
    }

    @Test("devices are split by direction; a device without one is in both lists")
    func split() {
        let devices = [ALSADevice(name: "a", description: "", direction: .capture),
                       ALSADevice(name: "b", description: "", direction: .playback),
                       ALSADevice(name: "c", description: "", direction: .both)]
        let list = ALSADeviceList(devices: devices, cards: [])
        #expect(list.capture.map(\.name) == ["a", "c"])
        #expect(list.playback.map(\.name) == ["b", "c"])
    }

    @Test("the list round-trips through JSON")
    func json() throws {
        let list = ALSADeviceList(devices: [ALSADevice(name: "hw:CARD=PCH,DEV=0", description: "HDA Intel PCH", direction: .both)],
                                  cards: [ALSACard(index: 0, name: "HDA Intel PCH", longName: "HDA Intel PCH at 0xf7f10000")])
        let decoded = try JSONDecoder().decode(ALSADeviceList.self, from: JSONEncoder().encode(list))
        #expect(decoded == list)
    }
}
