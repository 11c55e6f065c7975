@mo
Feature: Missouri peer support: what is checked and what is not
  Missouri's CPR (mental health) and CSTAR (SUD) programs use Certified Peer Specialists; that MO
  HealthNet pays for peer support is only inferred, so no population is known to be covered and no
  Missouri rule is encoded. A claim is never silently accepted.

  Background:
    Given a payer "MO-MEDICAID-FFS" of state MO kind ffs
    And a billing provider with NPI 1122334455

  @FED-SCOPE-0001 @FED-SCOPE-0003
  Scenario: A Missouri peer support claim is accepted but not fully checked: coverage unknown, no Missouri rules encoded
    Given a member "MO-100" born 1980-04-15 enrolled in MO-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential MO-CPS issued 2019-01-01
    And a claim line H0038 with no modifiers units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim has a finding by rule FED-SCOPE-0003 with severity warning
    And the claim is accepted
