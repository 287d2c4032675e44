import ArgumentParser
import Foundation
import IntakeCore
import IntakeStore

/// `onevisit device enrol|list|revoke`: kiosks are devices, not people (R8). A kiosk is
/// enrolled once and gets a device token; its page keeps it, and whatever takes a card off
/// the kiosk's reader needs it.
struct DeviceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "device", abstract: "Enrolled kiosks and their device tokens (offline, on the data directory).",
        subcommands: [Enrol.self, List.self, Revoke.self])

    struct Enrol: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Enrol a kiosk and print its token (re-enrolling replaces the old token).",
            discussion: "Give the token to the kiosk browser: /kiosk.html?device=TOKEN once; the page keeps it.")
        @Argument(help: "The kiosk's id; its ID reader names it (\"kiosk\": ID, default the reader's id).") var id: String
        @OptionGroup var data: DataDirectoryOption

        func run() async throws {
            let token = try await data.run { store in try await store.enrol(EnrolledDevice(id: id), at: Date()) }
            print(token)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the enrolled devices (never their tokens).")
        @OptionGroup var data: DataDirectoryOption
        func run() async throws {
            for d in try await data.run({ try await $0.devices() }) { print("\(d.id)\t\(d.kind.rawValue)") }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a device's token.")
        @Argument var id: String
        @OptionGroup var data: DataDirectoryOption
        func run() async throws {
            try await data.run { store in try await store.revoke(device: id) }
            print("Revoked \(id)")
        }
    }
}
