import Configuration
import Foundation
import HallServer
import Testing

@Suite("Daemon configuration", .timeLimit(.minutes(5)))
struct ConfigurationTests {
    /// Where no file is: the machine's own /etc/onevisit never enters these tests.
    static let noFile = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-none-\(UUID().uuidString)/onevisit.yaml").path

    func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("onevisit-\(UUID().uuidString).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func startsOnDefaultsWithNoFile() async throws {
        let c = try await HallConfiguration.load(file: nil, overrides: [:], environment: [:], defaultPath: Self.noFile)
        #expect(c.port == 8080 && c.catalogFile == nil && c.hallFile == nil && !c.simulate)
    }

    @Test func fileThenEnvironmentThenFlags() async throws {
        let file = try write("""
            http:
              port: 9001
              host: 0.0.0.0
            data:
              directory: /tmp/hall  # comment
            """)
        let fromFile = try await HallConfiguration.load(file: file, overrides: [:], environment: [:])
        #expect(fromFile.port == 9001 && fromFile.host == "0.0.0.0" && fromFile.dataDirectory == "/tmp/hall")
        let fromEnv = try await HallConfiguration.load(file: file, overrides: [:], environment: ["ONEVISIT_HTTP_PORT": "9002"])
        #expect(fromEnv.port == 9002)
        let fromFlag = try await HallConfiguration.load(file: file, overrides: ["http.port": .int(9003)],
                                                        environment: ["ONEVISIT_HTTP_PORT": "9002"])
        #expect(fromFlag.port == 9003)
    }

    @Test func badValueNamesItsKey() async throws {
        let file = try write("http:\n  port: eighty\n")
        await #expect { try await HallConfiguration.load(file: file, overrides: [:], environment: [:]) } throws: {
            "\($0)".contains("http.port")
        }
        await #expect { try await HallConfiguration.load(file: nil, overrides: [:], environment: ["ONEVISIT_LOG_LEVEL": "loud"], defaultPath: Self.noFile) } throws: {
            "\($0)".contains("log.level")
        }
    }

    @Test func theReviewUploadSectionWithItsTokenFromTheEnvironment() async throws {
        let file = try write("""
            reviews:
              upload:
                url: https://hcp.example.gov.cn/api/reviews
                retryMaxSeconds: 120
            """)
        let c = try await HallConfiguration.load(file: file, overrides: [:], environment: ["ONEVISIT_REVIEWS_UPLOAD_TOKEN": "s3cret"])
        #expect(c.reviewUploads == ReviewUploadSettings(url: "https://hcp.example.gov.cn/api/reviews", token: "s3cret", retryMaxSeconds: 120))
        let off = try await HallConfiguration.load(file: nil, overrides: [:], environment: [:], defaultPath: Self.noFile)
        #expect(off.reviewUploads.url == nil && off.reviewUploads.uploader() == nil, "no address: the uploader is off")
        let misspelt = try write("reviews:\n  upload:\n    ur: https://x\n")
        await #expect { try await HallConfiguration.load(file: misspelt, overrides: [:], environment: [:]) } throws: {
            "\($0)".contains("reviews.upload.ur") && "\($0)".contains("unknown key")
        }
    }

    @Test func misspeltKeyIsRejected() async throws {
        let file = try write("http:\n  prot: 8080\n")
        await #expect { try await HallConfiguration.load(file: file, overrides: [:], environment: [:]) } throws: {
            "\($0)".contains("http.prot") && "\($0)".contains("unknown key")
        }
    }

    @Test func missingExplicitFileIsAnError() async throws {
        await #expect { try await HallConfiguration.load(file: "/nonexistent/onevisit.yaml", overrides: [:], environment: [:]) } throws: {
            "\($0)".contains("/nonexistent/onevisit.yaml")
        }
    }
}
