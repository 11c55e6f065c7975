@nd
Feature: North Dakota peer support: what is checked and what is not
  North Dakota pays Peer Support through its 1915(i) behavioral health HCBS benefit, rendered by
  CPSS I or II; the procedure code is unknown, so no North Dakota rule is encoded and a claim is
  never silently accepted.

  Background:
    Given a payer "ND-MEDICAID-FFS" of state ND kind ffs
    And a billing provider with NPI 1122334455

  @FED-SCOPE-0001
  Scenario: A North Dakota peer support claim is accepted but not fully checked: no North Dakota rules encoded
    Given a member "ND-100" born 1980-04-15 enrolled in ND-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential ND-CPSS-I issued 2019-01-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is accepted

  @FED-SCOPE-0003
  Scenario: A North Dakota youth peer line is not fully checked: youth coverage is only inferred
    Given a member "ND-101" born 2012-04-15 enrolled in ND-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential ND-CPSS-II issued 2019-01-01
    And a claim line H0038 with modifiers HA units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0003 with severity warning
    And the claim is accepted
