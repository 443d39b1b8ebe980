//! The agents the desk knows (completing and checking assignees), and this session's presence
//! ("alice is editing #12").

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgentJob {
    List,
    /// Tell other agents this session is editing a ticket (id, activity), or that it stopped.
    /// The store thread repeats the heartbeat while it is set.
    Presence(Option<(i64, String)>),
}

#[derive(Debug, Clone)]
pub enum AgentsLoaded {
    List(Vec<String>),
}
