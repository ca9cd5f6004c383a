
// ---- splice: stub ----
