@federal @nc
Feature: A replacement or void takes its original's place
  A claim with frequency 7 (CLM05-3) replaces an earlier claim, one with 8 voids it: the earlier
  claim is the one with the same patient control number (CLM01), in this run or recorded, or the
  one the payer paid under the claim control number REF*F8 names. Its lines are taken out before
  the replacement is judged, so the replacement is not its duplicate; a void is checked only for
  identification. When no such claim is known, a warning says so (the codes are the guide's as
  the domain reference reports them: inferred, never a denial).

  Background:
    Given a payer "NC-DHB" of state NC kind ffs
    And a member "NC-100" born 1980-04-15 enrolled in NC-MEDICAID from 2019-11-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential NC-CPSS issued 2019-11-01

  @FED-DUP-0001 @FED-FREQ-0001
  Scenario: A replacement of a recorded claim is not its duplicate
    Given a line of claim "PCN-1" recorded before: H0038 with no modifiers units 4 on 2026-03-02 rendered by NPI 1234567893
    And the claim is a replacement of an earlier claim
    And a claim line H0038 with no modifiers units 4 on 2026-03-02 rendered by NPI 1234567893
    When the claim is checked
    Then the claim has no finding by rule FED-DUP-0001
    And the claim has no finding by rule FED-FREQ-0001
    And the claim is accepted

  @FED-DUP-0001
  Scenario: The same claim sent again as an original is still its own duplicate
    Given a line of claim "PCN-1" recorded before: H0038 with no modifiers units 4 on 2026-03-02 rendered by NPI 1234567893
    And a claim line H0038 with no modifiers units 4 on 2026-03-02 rendered by NPI 1234567893
    When the claim is checked
    Then the claim has a finding by rule FED-DUP-0001 with severity error and CARC 18

  @FED-FREQ-0001 @FED-DUP-0001
  Scenario: A replacement naming the payer's claim control number replaces the paid claim
    Given a line of claim "OLD-7" recorded before: H0038 with no modifiers units 4 on 2026-03-02 rendered by NPI 1234567893 and paid under payer claim "PCN00000001"
    And the claim is a replacement of an earlier claim naming payer claim "PCN00000001"
    And a claim line H0038 with no modifiers units 4 on 2026-03-02 rendered by NPI 1234567893
    When the claim is checked
    Then the claim has no finding by rule FED-DUP-0001
    And the claim has no finding by rule FED-FREQ-0001

  @FED-FREQ-0001
  Scenario: A replacement whose original is unknown is warned about, not denied
    Given the claim is a replacement of an earlier claim naming payer claim "NOT-SEEN"
    And a claim line H0038 with no modifiers units 4 on 2026-03-02 rendered by NPI 1234567893
    When the claim is checked
    Then the claim has a finding by rule FED-FREQ-0001 with severity warning and CARC 16
    And the claim is accepted

  @FED-FREQ-0001 @NC-LIM-0001
  Scenario: A void is checked only for identification
    Given a line of claim "PCN-1" recorded before: H0038 with no modifiers units 4 on 2026-03-02 rendered by NPI 1234567893
    And the claim is a void of an earlier claim
    And a claim line H0038 with no modifiers units 99 on 2026-03-02 rendered by NPI 1234567893
    When the claim is checked
    Then the claim has no finding by rule FED-FREQ-0001
    And the claim has no finding by rule NC-LIM-0001
    And the claim is accepted

  @FED-FREQ-0001 @FED-ELIG-0003
  Scenario: A void of an unknown claim for an unknown member is warned about and returned
    Given the claim is a void of an earlier claim
    And the claim is for member "NOBODY"
    And a claim line H0038 with no modifiers units 4 on 2026-03-02 rendered by NPI 1234567893
    When the claim is checked
    Then the claim has a finding by rule FED-FREQ-0001 with severity warning
    And the claim has a finding by rule FED-ELIG-0003 with severity error
    And the claim is rejected
