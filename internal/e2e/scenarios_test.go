package e2e

// scenarios, in the order a reader would want them: the tag rules first, then failures.
var scenarios = []scenario{
	// The Coder rule matrix.
	{name: "rolling_latest", run: testRollingLatest},
	{name: "minor_line", run: testMinorLine},
	{name: "major_line", run: testMajorLine},
	{name: "digest_ref", run: testDigestRef},
	{name: "platform_pin", run: testPlatformPin},
	{name: "coder_workspace", run: testCoderWorkspace},
	{name: "coder_pipeline", run: testPipeline},
	// Failures.
	{name: "policy_violation", run: testPolicyViolation},
	{name: "bad_credentials", run: testBadCredentials},
	{name: "bad_credentials_block", run: testBadCredentialsBlock},
	{name: "registry_stopped", run: testRegistryStopped},
	{name: "hang_ends_at_timeout", run: testHangEndsAtTimeout},
	{name: "interrupted_plan", run: testInterruptedPlan},
	{name: "secrets_never_leak", run: testSecretsNeverLeak},
	// The lifecycle: refresh observes, plan decides, apply writes.
	{name: "saved_plan_rebuild", run: testSavedPlanRebuild},
	{name: "saved_plan_create", run: testSavedPlanCreate},
	{name: "saved_plan_template_update", run: testSavedPlanTemplateUpdate},
	{name: "registry_down_lifecycle", run: testRegistryDownLifecycle},
	{name: "refresh_only", run: testRefreshOnly},
	{name: "held_update_warns", run: testHeldUpdateWarns},
	{name: "import_lifecycle", run: testImportLifecycle},
	{name: "state_upgrade", run: testStateUpgrade},
	// Import, data sources and functions.
	{name: "import", run: testImport},
	{name: "image_data_source", run: testImageDataSource},
	{name: "tags_pagination", run: testTagsPagination},
	{name: "tags_link_pages", run: testTagsLinkPages},
	{name: "functions", run: testFunctions, functions: true},
	// The examples, as written.
	{name: "examples", run: testExamples},
}
