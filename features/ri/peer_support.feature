@ri
Feature: Rhode Island peer support: what is checked and what is not
  Rhode Island Medicaid approved peer-based recovery services in 2018 (secondary evidence). Mental
  health coverage, codes and limits are unknown, so no Rhode Island rule is encoded and a claim is
  never silently accepted.

  Background:
    Given a payer "RI-MEDICAID-FFS" of state RI kind ffs
    And a billing provider with NPI 1122334455

  @FED-SCOPE-0001 @FED-SCOPE-0003
  Scenario: A Rhode Island peer claim with no population modifier is accepted but not fully checked: mental health coverage unknown
    Given a member "RI-100" born 1980-04-15 enrolled in RI-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential RI-CPRS issued 2019-01-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim has a finding by rule FED-SCOPE-0003 with severity warning
    And the claim is accepted
