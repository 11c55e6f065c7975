@ny
Feature: New York peer support: what is checked and what is not
  New York Medicaid pays family and youth peer support in CFTSS (members under 21), adult peer
  support in CORE (HARP, HIV-SNP and MAP members) and CRPA services. Its rate codes are not HCPCS
  codes and the HCPCS mapping is unknown, so no New York rule is encoded and a claim is never
  silently accepted.

  Background:
    Given a payer "NY-MEDICAID-FFS" of state NY kind ffs
    And a billing provider with NPI 1122334455

  @FED-SCOPE-0001
  Scenario: A New York youth peer support claim is accepted but not fully checked: no New York rules encoded
    Given a member "NY-100" born 2012-04-15 enrolled in NY-MEDICAID from 2019-01-01 to open
    And a peer with NPI 1234567893 holding credential NY-YPA issued 2019-01-01
    And a claim line H0038 with modifiers HA units 4 on 2026-03-02
    When the claim is checked
    Then the claim is not fully checked
    And the claim has a finding by rule FED-SCOPE-0001 with severity warning
    And the claim is accepted
