//! The machine-readable forms: the stable JSON documented in the README. Each command's
//! output is a typed, documented struct, so that its shape is written down in one place.
//! Fields are declared in the order they are printed.

mod diff;
mod escape;
mod store;
mod sync;
mod table;

pub use diff::{
    DiffJson, Keys, RowJson, RowsJson, SegmentJson, ShowJson, TIMEOUT_NOTE, diff_json, mode_name,
    show_json, show_json_dropped, write_diff_json,
};
pub use store::{
    ApprovalJson, BlameJson, BlamedJson, ChangeJson, CommitJson, DocumentJson, DocumentListJson,
    DocumentStatusJson, ExportJson, ExportSegmentJson, ExportVersionJson, ListedJson, LogJson,
    ProposalJson, ProposalsJson, ReviewJson, RevisionJson, StaleJson, StatusJson, VersionIdJson,
    VersionListJson, VersionStatusJson,
};
pub use sync::{HeldJson, IncomingJson, IntegratedJson, RemoteJson, SyncJson};
pub use table::{ColumnJson, TableJson, TableRowsJson, table_json};
