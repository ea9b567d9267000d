import ArgumentParser
import MynaKit

/// `--device`, shared by the commands that open a sound device.
struct AudioDeviceOptions: ParsableArguments {
    @Option(name: [.customShort("d"), .long],
            help: ArgumentHelp("""
                ALSA device: default, hw:X,Y, plughw:X,Y, or a PCM named in the ALSA configuration \
                ('myna devices' lists them).
                """, valueName: "name"))
    var device: String = ALSADevice.defaultName
}
