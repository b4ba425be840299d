def test_assignment_page_shows_due_date_in_ist(client, assignment, team):
    client.force_login(team[1][1])
    response = client.get(assignment.url)
    assert response.status_code == 200
    assert b"IST" in response.content
