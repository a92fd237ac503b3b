"""A morning on the wards during an EMR go-live, as typed into the terminal chat (one line per action)."""

SCRIPT = """
/as maria
Morning all. Day 3 on the new EMR. Is anyone else's wristband scanner freezing after a few scans?
/as dev
/reply 1 Yes! Undock the scanner from the cart, hold the trigger for 10 seconds until it beeps twice, then dock it again. Unfreezes it every time.
/as maria
/reply 1 That worked, thanks Dev
/react 2 bulb
/as sam
/react 2 pushpin
/reply 1 It's a known firmware bug; the fix ships with EMR 2.3. Until then Dev's reset is the official workaround.
/as priya
/react 2 bulb
/as dev
To find a patient's home meds fast: Chart Review > Meds tab, then filter on "Prior to Admission". Saves scrolling the whole MAR.
/as alex
/react 5 bookmark
/as maria
/react 5 bulb
/as sam
<!channel> Downtime tonight 02:00-02:30 for the interface patch. Print your downtime reports before 01:45.
/as jo
/react 6 pushpin
/as maria
How do I get the discharge summary to pull in the latest vitals?
/as sam
/reply 7 Use the Refresh button in the note toolbar (not the browser's F5): the vitals SmartLink only updates on refresh.
/as maria
/reply 7 Perfect, that was driving me mad
/react 8 bulb
/as jo
/react 8 bulb
/reply 7 Adding this to Thursday's refresher session.
/as dev
/join 4west-nursing
The new fall-risk assessment is under Flowsheets > Safety now, not in the Admission navigator.
/as maria
/join 4west-nursing
/react 11 pushpin
If BCMA says "wrong patient" and it IS the right patient, check the wristband was reprinted after the MRN merge. Old bands still carry the old MRN.
/as dev
/react 12 bulb
/edit 11 The new fall-risk assessment (Morse) is under Flowsheets > Safety now, not in the Admission navigator.
/as alex
/join 4west-nursing
/save 12
Does anyone have the number for the EMR command centre?
/as dev
/reply 13 Ext 4400, staffed 24/7 during go-live week
/as alex
/reply 13 Thanks!
/as maria
Bed 12 (Mr J. Smith, MRN 448812) needs his bariatric bed order redone, the order set dropped his weight
/as dev
/react 16 bulb
/as maria
/delete 16
/as priya
/join pharmacy-informatics private
/invite sam
/invite jo
Override pulls for insulin drips must be documented within 30 minutes or the cabinet locks you out. Pick the "Late documentation" reason.
/as sam
/join pharmacy-informatics
/react 17 bulb
Also: the verification queue filters reset at shift change. Save yours as a favourite.
/as priya
/react 18 bookmark
/tip The Rx verification queue filters reset at shift change; save your filter as a favourite to keep it #pharmacy #verification
/as jo
/join emr-go-live
/tip Print a blank downtime MAR from Reports > Downtime > MAR by unit before every planned downtime #downtime #mar
/tip Ctrl+Shift+P opens patient search from anywhere in the chart #shortcuts
Reminder: super-user rounds on every unit at 10:00 and 15:00 all week.
/as alex
/react 19 bulb
/as dev
/join emr-go-live
/react 6 bookmark
/react 6 bookmark
/as sam
/react 2 pushpin
/unreact 2 pushpin
/as maria
/ask how do I unfreeze the scanner?
/as dev
/ask insulin drip override documentation
/as sam
/ask insulin drip override documentation
/as maria
/ask where is the fall risk assessment?
/ask how do I order a bariatric bed?
/as jo
/answer 5 Bariatric beds: Orders > Equipment > Bariatric bed. If the order set dropped the weight, enter it again first. #beds
/as maria
/ask bariatric bed order
"""
