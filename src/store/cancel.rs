//! Cancelling a running query from another thread, without naming the database library outside
//! the store: the slow lane holds a `Cancel` and stops a search the next key made pointless.

use super::Store;

/// Stops whatever query one connection is running, from any thread. The query fails with an
/// error for which `StoreError::is_interrupted` is true; a connection doing nothing is not
/// affected.
pub struct Cancel(rusqlite::InterruptHandle);

impl Cancel {
    /// Interrupts the connection's running query, if any.
    pub fn cancel(&self) {
        self.0.interrupt();
    }
}

impl Store {
    /// A token that interrupts this connection's running query from another thread.
    pub fn cancel_token(&self) -> Cancel {
        Cancel(self.conn.get_interrupt_handle())
    }
}
