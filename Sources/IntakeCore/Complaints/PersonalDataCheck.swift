/// Finds personal data in a text staff write for the public (a complaint's answer, published
/// under seed 004 §10.4; R8: staff must not leak citizens' information): a resident ID
/// number (18 characters, the last a digit or X, or an old 15-digit one), a mainland mobile
/// number (``MobilePhone/isValid(_:)``), or one of the names given. Digit groups split by
/// spaces or hyphens (`138 1234 5678`) count as one number.
public enum PersonalDataCheck {
    /// What the text holds, in words for the refusal (`"a mobile number"`), first found first.
    public static func findings(in text: String, names: [String] = []) -> [String] {
        var found: [String] = []
        for run in digitRuns(text) {
            if run.count == 18 || run.count == 15, run.dropLast().allSatisfy(\.isNumber) {
                found.append("an ID number")
            } else if MobilePhone.isValid(run) {
                found.append("a mobile number")
            }
        }
        for name in names where name.count >= 2 && text.contains(name) { found.append("the name of a person concerned") }
        return found
    }

    /// Runs of digits (an X may end one), joined across single spaces and hyphens.
    static func digitRuns(_ text: String) -> [String] {
        var runs: [String] = []
        var run = ""
        var pendingSeparator = false
        for ch in text {
            if ch.isASCII && ch.isNumber {
                run.append(ch); pendingSeparator = false
            } else if (ch == "X" || ch == "x") && run.count == 17 {
                run.append("X")
            } else if (ch == " " || ch == "-") && !run.isEmpty && !pendingSeparator && run.last != "X" {
                pendingSeparator = true
            } else {
                if !run.isEmpty { runs.append(run) }
                run = ""; pendingSeparator = false
            }
        }
        if !run.isEmpty { runs.append(run) }
        return runs
    }
}
