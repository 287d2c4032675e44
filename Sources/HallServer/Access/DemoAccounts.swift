import Foundation
import IntakeCore
import IntakeStore

/// The demo hall's accounts, made with `--simulate` when the hall has none (README): clerk1…
/// clerk9 for windows 1–9, department1, proxy1, technician1, supervisor1 and admin1, all
/// with the password `demo`, and the kiosk kiosk-1 with the token `ovd_demo-kiosk-1`.
/// Without `--simulate` there is no account until an admin is added.
public enum DemoAccounts {
    public static let password = "demo"
    public static let kioskToken = "ovd_demo-kiosk-1"
    static let clerkNames = ["张伟", "李娜", "王芳", "刘洋", "陈静", "杨磊", "赵敏", "黄勇", "周婷"]

    public static func accounts(department: String) -> [StaffAccount] {
        clerkNames.enumerated().map { StaffAccount(id: "clerk\($0.offset + 1)", name: $0.element, roles: [.clerk]) } + [
            StaffAccount(id: "department1", name: "吴军", roles: [.department], department: department),
            StaffAccount(id: "proxy1", name: "孙丽", roles: [.proxy]),
            StaffAccount(id: "technician1", name: "马强", roles: [.technician]),
            StaffAccount(id: "supervisor1", name: "朱红", roles: [.supervisor]),
            StaffAccount(id: "admin1", name: "胡斌", roles: [.admin]),
        ]
    }

    /// Adds the demo accounts and kiosk unless the hall has accounts already. One bcrypt
    /// hash (cost 10) serves them all, so the demo starts in a blink.
    public static func install(in store: StaffStore, department: String, at now: Date) async throws(StaffStoreError) {
        guard try await !store.hasAccounts() else { return }
        let hash = await StaffAccounts.hash(password: password, cost: 10)
        for account in accounts(department: department) { try await store.add(account, passwordHash: hash, at: now) }
        _ = try await store.enrol(EnrolledDevice(id: "kiosk-1"), at: now, token: kioskToken)
    }
}
