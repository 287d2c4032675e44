import ArgumentParser

/// `onevisit`: the command-line tool for clerks at the windows and for the technicians who
/// maintain the hall. Checks catalog files offline and drives the running `onevisitd` over HTTP.
@main
struct OneVisitCLI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "onevisit",
        abstract: "OneVisit clerk and technician tool: catalog checks, tickets, windows, queues, display board.",
        subcommands: [
            CatalogCommand.self, TicketCommand.self, WindowCommand.self, QueuesCommand.self, BoardCommand.self,
            DevicesCommand.self, SimulateCommand.self, PrintCommand.self, IDCardCommand.self,
            KeypadCommand.self, ReviewsCommand.self, CaseCommand.self, ArchiveCommand.self,
            LoginCommand.self, LogoutCommand.self, StaffCommand.self, DeviceCommand.self, AuditCommand.self, AppointmentsCommand.self,
            ReportCommand.self, BackupCommand.self, RestoreCommand.self, ConfigCommand.self, ComplaintCommand.self,
        ])
}
