//! The demo desk's content: people, ticket scenarios and knowledge-base articles, embedded from
//! `assets/demo/`.

use serde::Deserialize;

use crate::domain::kb::ArticleState;

#[derive(Debug, Deserialize)]
pub struct Agent {
    pub name: String,
    pub group: String,
}

#[derive(Debug, Deserialize)]
pub struct People {
    pub agents: Vec<Agent>,
    pub requesters: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct Line {
    /// `agent` or `requester`.
    pub by: String,
    /// `reply` or `note`.
    pub kind: String,
    pub body: String,
}

#[derive(Debug, Deserialize)]
pub struct Scenario {
    pub kind: String,
    pub title: String,
    pub description: String,
    pub service: String,
    pub category: String,
    pub group: String,
    pub impact: String,
    pub urgency: String,
    pub tags: Vec<String>,
    pub conversation: Vec<Line>,
    pub resolution: Option<String>,
}

pub struct KbArticle {
    pub title: String,
    pub tags: Vec<String>,
    pub state: ArticleState,
    pub body: String,
}

const PEOPLE: &str = include_str!("../../assets/demo/people.json");
const SCENARIOS: &str = include_str!("../../assets/demo/scenarios.json");
const ARTICLES: &[&str] = &[
    include_str!("../../assets/demo/kb/01-connecting-to-the-vpn.md"),
    include_str!("../../assets/demo/kb/02-resetting-your-password.md"),
    include_str!("../../assets/demo/kb/03-enrolling-mfa.md"),
    include_str!("../../assets/demo/kb/04-mapping-file-shares.md"),
    include_str!("../../assets/demo/kb/05-printer-troubleshooting.md"),
    include_str!("../../assets/demo/kb/06-wifi-floor-3-known-issue.md"),
    include_str!("../../assets/demo/kb/07-requesting-a-new-laptop.md"),
    include_str!("../../assets/demo/kb/08-onboarding-checklist.md"),
    include_str!("../../assets/demo/kb/09-offboarding-checklist.md"),
    include_str!("../../assets/demo/kb/10-email-on-mobile.md"),
    include_str!("../../assets/demo/kb/11-shared-mailbox-access.md"),
    include_str!("../../assets/demo/kb/12-erp-login-errors.md"),
    include_str!("../../assets/demo/kb/13-certificate-renewal-runbook.md"),
    include_str!("../../assets/demo/kb/14-firewall-change-procedure.md"),
    include_str!("../../assets/demo/kb/15-backup-restore-procedure.md"),
    include_str!("../../assets/demo/kb/16-major-incident-process.md"),
    include_str!("../../assets/demo/kb/17-reporting-phishing.md"),
    include_str!("../../assets/demo/kb/18-teams-softphone-setup.md"),
    include_str!("../../assets/demo/kb/19-outlook-crashes-pdf-preview.md"),
    include_str!("../../assets/demo/kb/20-guest-wifi-for-visitors.md"),
    include_str!("../../assets/demo/kb/21-restoring-deleted-files-yourself.md"),
    include_str!("../../assets/demo/kb/22-crm-sync-troubleshooting.md"),
    include_str!("../../assets/demo/kb/23-account-lockouts.md"),
    include_str!("../../assets/demo/kb/24-external-monitors-and-docks.md"),
];

/// The embedded content; it is part of the binary, so a failure here is a bug caught by tests.
pub fn load() -> Result<(People, Vec<Scenario>, Vec<KbArticle>), String> {
    let people: People = serde_json::from_str(PEOPLE).map_err(|e| format!("people.json: {e}"))?;
    let scenarios: Vec<Scenario> =
        serde_json::from_str(SCENARIOS).map_err(|e| format!("scenarios.json: {e}"))?;
    let articles = ARTICLES
        .iter()
        .map(|text| parse_article(text))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((people, scenarios, articles))
}

/// `# Title`, `tags: a, b`, `state: published`, a blank line, then the Markdown body.
fn parse_article(text: &str) -> Result<KbArticle, String> {
    let mut lines = text.lines();
    let title = lines
        .next()
        .and_then(|l| l.strip_prefix("# "))
        .ok_or("an article does not start with '# Title'")?
        .trim()
        .to_string();
    let tags = lines
        .next()
        .and_then(|l| l.strip_prefix("tags:"))
        .ok_or_else(|| format!("article '{title}' has no tags line"))?
        .split(',')
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    let state = lines
        .next()
        .and_then(|l| l.strip_prefix("state:"))
        .ok_or_else(|| format!("article '{title}' has no state line"))?
        .parse()
        .map_err(|e| format!("article '{title}': {e}"))?;
    let body = lines.collect::<Vec<_>>().join("\n").trim().to_string();
    Ok(KbArticle {
        title,
        tags,
        state,
        body,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn embedded_content_loads() {
        let (people, scenarios, articles) = super::load().unwrap();
        assert!(people.agents.len() >= 5);
        assert!(scenarios.len() >= 50);
        assert!(articles.len() >= 20);
        for s in &scenarios {
            assert!(
                s.kind.parse::<crate::domain::ticket::Kind>().is_ok(),
                "{}",
                s.title
            );
            assert!(crate::domain::ticket::validate_title(&s.title).is_ok());
        }
    }
}
